import { createHistogram } from 'node:perf_hooks';

/** How late the event loop ran a timer, ms: the 99th percentile and the worst over a window. */
export interface LoopDelayFigures {
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Event-loop delay per window: a timer set every `resolutionMs`, and how much later than that each run
 * came, in a histogram that starts over at every read.
 *
 * Not perf_hooks.monitorEventLoopDelay, which does the same natively, because its reset() also forgets
 * when its timer last ran (Node's Histogram::Reset clears the previous timestamp): the first interval
 * after a reset is never recorded, so a block that begins just after a window starts goes unseen. Tried
 * on Node 20: reset, then 500 ms of work on the loop, and the window's max read 12 ms. Here the last
 * run's time is ours and survives the reset, so every interval lands in some window.
 */
export class LoopDelay {
  readonly #resolutionMs: number;
  /** Delays in microseconds, at least 1 (the histogram records positive integers). */
  readonly #histogram = createHistogram();
  readonly #timer: NodeJS.Timeout;
  #lastRun = performance.now();

  constructor(resolutionMs = 10) {
    this.#resolutionMs = resolutionMs;
    this.#timer = setInterval(() => {
      const now = performance.now();
      const lateMs = now - this.#lastRun - this.#resolutionMs;
      this.#lastRun = now;
      this.#histogram.record(Math.max(1, Math.round(lateMs * 1000)));
    }, resolutionMs);
    this.#timer.unref();
  }

  /** The figures since the last read, and a fresh start; null if the timer never ran in that time. */
  read(): LoopDelayFigures | null {
    const histogram = this.#histogram;
    const figures = histogram.count > 0 ? { p99Ms: histogram.percentile(99) / 1000, maxMs: histogram.max / 1000 } : null;
    histogram.reset();
    return figures;
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
