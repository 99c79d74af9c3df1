/** A view of one symbol's recent prices, oldest first; valid until the next push to the series set. */
export interface SeriesView {
  readonly length: number;
  ts(i: number): number;
  cents(i: number): number;
}

/**
 * Recent prices of every symbol, in fixed-size rings. Deliberately mutable: charts read it when told
 * something changed, so a tick costs a few array writes instead of copying every symbol's history.
 */
export class PriceSeriesSet {
  readonly #capacity: number;
  #ts: Float64Array[] = [];
  #cents: Float64Array[] = [];
  #start: number[] = [];
  #length: number[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`PriceSeriesSet capacity must be an integer ≥ 2, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Empties the set and makes room for `symbols` series. */
  reset(symbols: number): void {
    this.#ts = Array.from({ length: symbols }, () => new Float64Array(this.#capacity));
    this.#cents = Array.from({ length: symbols }, () => new Float64Array(this.#capacity));
    this.#start = new Array<number>(symbols).fill(0);
    this.#length = new Array<number>(symbols).fill(0);
  }

  get symbols(): number {
    return this.#length.length;
  }

  push(symbol: number, ts: number, cents: number): void {
    const tsRing = this.#ts[symbol];
    const centsRing = this.#cents[symbol];
    if (!tsRing || !centsRing) return;
    const length = this.#length[symbol]!;
    const start = this.#start[symbol]!;
    const slot = (start + length) % this.#capacity;
    tsRing[slot] = ts;
    centsRing[slot] = cents;
    if (length < this.#capacity) this.#length[symbol] = length + 1;
    else this.#start[symbol] = (start + 1) % this.#capacity;
  }

  view(symbol: number): SeriesView {
    const tsRing = this.#ts[symbol];
    const centsRing = this.#cents[symbol];
    const length = this.#length[symbol] ?? 0;
    const start = this.#start[symbol] ?? 0;
    const capacity = this.#capacity;
    return {
      length,
      ts: (i) => tsRing?.[(start + i) % capacity] ?? 0,
      cents: (i) => centsRing?.[(start + i) % capacity] ?? 0,
    };
  }
}
