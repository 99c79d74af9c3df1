/** A running total sampled over time, e.g. bytes down at each meter report. */
export interface TotalSample {
  /** When the total was read, ms. */
  readonly at: number;
  readonly total: number;
}

/**
 * Per-second rate of a running total over a trailing window. A window of a few seconds keeps the figure
 * readable on a projector while still following a change of transport or poll interval within seconds.
 */
export class RateWindow {
  readonly #samples: TotalSample[] = [];

  constructor(readonly windowMs: number) {}

  push(sample: TotalSample): void {
    const last = this.#samples.at(-1);
    // A total that goes backwards means its source restarted; rates across that point would be nonsense.
    if (last && (sample.total < last.total || sample.at <= last.at)) this.#samples.length = 0;
    this.#samples.push(sample);
    while (this.#samples.length > 2 && sample.at - this.#samples[1]!.at >= this.windowMs) this.#samples.shift();
  }

  /** Units per second across the window, or 0 until two samples exist. */
  perSecond(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.total - first.total) * 1000) / (last.at - first.at);
  }

  clear(): void {
    this.#samples.length = 0;
  }
}
