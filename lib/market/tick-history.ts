import type { Tick } from '../protocol/tick';

export interface TicksAfter {
  readonly ticks: readonly Tick[];
  /** The requested sequence is older than the history: ticks between it and the first returned are gone. */
  readonly gap: boolean;
  /** More ticks are held than the limit allowed; ask again from the last one returned. */
  readonly more: boolean;
}

/** A fixed-size ring of the most recent ticks, addressed by their contiguous sequence numbers. */
export class TickHistory {
  readonly #ring: (Tick | undefined)[];
  #latestSeq = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`TickHistory capacity must be a positive integer, got ${capacity}`);
    }
    this.#ring = new Array<Tick | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  get latestSeq(): number {
    return this.#latestSeq;
  }

  /** The oldest sequence still held, or latestSeq + 1 when empty. */
  get oldestSeq(): number {
    return this.#latestSeq - this.#size + 1;
  }

  push(tick: Tick): void {
    if (this.#size > 0 && tick.seq !== this.#latestSeq + 1) {
      throw new RangeError(`TickHistory expects seq ${this.#latestSeq + 1}, got ${tick.seq}`);
    }
    this.#ring[tick.seq % this.capacity] = tick;
    this.#latestSeq = tick.seq;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  at(seq: number): Tick | undefined {
    if (seq < this.oldestSeq || seq > this.#latestSeq) return undefined;
    return this.#ring[seq % this.capacity];
  }

  /** Ticks with seq > `since`, oldest first, at most `limit` of them. */
  after(since: number, limit: number): TicksAfter {
    const gap = this.#size > 0 && since < this.oldestSeq - 1;
    const first = Math.max(since + 1, this.oldestSeq);
    const last = Math.min(this.#latestSeq, first + limit - 1);
    const ticks: Tick[] = [];
    for (let seq = first; seq <= last; seq++) {
      const tick = this.at(seq);
      if (tick) ticks.push(tick);
    }
    return { ticks, gap, more: last < this.#latestSeq };
  }

  all(): readonly Tick[] {
    return this.after(this.oldestSeq - 1, this.#size).ticks;
  }
}
