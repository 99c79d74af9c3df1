/** A running total sampled over time, e.g. bytes down at each meter report. */
export interface TotalSample {
  /** When the total was read, ms. */
  readonly at: number;
  readonly total: number;
}

export interface PushOptions {
  /**
   * The time and growth since the previous sample must not count, as when the page was hidden in between.
   * Default false.
   */
  readonly afterGap?: boolean;
}

/**
 * Per-second rate of a running total over a trailing window. A window of a few seconds keeps the figure
 * readable on a projector while still following a change of transport or poll interval within seconds.
 * The window spans counted time only: samples form runs split at gaps, and the rate is the growth within
 * runs over their duration, so a gap neither dilutes the rate with its time nor inflates it with its growth.
 */
export class RateWindow {
  /** Oldest first; only the newest run may hold a single sample. */
  readonly #runs: TotalSample[][] = [];

  constructor(readonly windowMs: number) {}

  push(sample: TotalSample, { afterGap = false }: PushOptions = {}): void {
    const last = this.#runs.at(-1)?.at(-1);
    // A total that goes backwards means its source restarted; rates across that point would be nonsense.
    if (last && (sample.total < last.total || sample.at <= last.at)) this.#runs.length = 0;
    const lastRun = this.#runs.at(-1);
    if (!lastRun) this.#runs.push([sample]);
    else if (!afterGap) lastRun.push(sample);
    else {
      // A run of one sample spans no time, and once a gap follows it, it never will.
      if (lastRun.length === 1) this.#runs.pop();
      this.#runs.push([sample]);
    }
    this.#prune();
  }

  /** Units per second across the window's runs, or 0 until some run has two samples. */
  perSecond(): number {
    let growth = 0;
    let spanMs = 0;
    for (const run of this.#runs) {
      const first = run[0]!;
      const last = run.at(-1)!;
      growth += last.total - first.total;
      spanMs += last.at - first.at;
    }
    return spanMs > 0 ? (growth * 1000) / spanMs : 0;
  }

  clear(): void {
    this.#runs.length = 0;
  }

  /** Drops the oldest sample while the samples after it still span a whole window of counted time. */
  #prune(): void {
    let spanMs = this.#runs.reduce((sum, run) => sum + run.at(-1)!.at - run[0]!.at, 0);
    for (;;) {
      const oldest = this.#runs[0]!;
      if (this.#runs.length === 1 && oldest.length <= 2) return;
      const lostMs = oldest.length > 1 ? oldest[1]!.at - oldest[0]!.at : 0;
      if (spanMs - lostMs < this.windowMs) return;
      spanMs -= lostMs;
      oldest.shift();
      if (oldest.length < 2 && this.#runs.length > 1) this.#runs.shift();
    }
  }
}
