import { addCounters, subtractCounters, type Counts } from './wire-counters';

/**
 * Running totals from a source that only grows until it starts again from zero (the server's ledger for
 * a tab, across a server restart), shown from a baseline the user moves with Reset. What was counted
 * before a restart is carried, so a restart never takes figures back.
 */
export class SinceReset<T extends Counts> {
  readonly #zero: T;
  #carried: T;
  #baseline: T;
  #latest: T;

  constructor(zero: T) {
    this.#zero = zero;
    this.#carried = zero;
    this.#baseline = zero;
    this.#latest = zero;
  }

  /** The source's latest running totals, as given. */
  get latest(): T {
    return this.#latest;
  }

  /**
   * Takes the source's running totals; `restarted` says they started again from zero since the previous
   * ones. The caller decides it, so totals read together (a mode's wire counters and its breakdown)
   * restart together and keep adding up.
   */
  take(next: T, restarted: boolean): void {
    if (restarted) {
      this.#carried = this.value();
      this.#baseline = this.#zero;
    }
    this.#latest = next;
  }

  /** Starts the figures from zero at the latest totals. */
  reset(): void {
    this.#carried = this.#zero;
    this.#baseline = this.#latest;
  }

  /** Everything counted since the last reset. */
  value(): T {
    return addCounters(this.#carried, subtractCounters(this.#latest, this.#baseline));
  }
}
