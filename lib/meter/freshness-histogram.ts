import type { Histogram } from 'hdr-histogram-js';
// The histogram classes alone, not the package's index: the index loads its encoder, which looks for zlib
// with eval() as it loads, and a page's Content-Security-Policy reports that (see freshness-histogram-codec.ts).
import { constructorFromBucketSize } from 'hdr-histogram-js/dist/JsHistogramFactory';

/** 32-bit counts: what hdr-histogram-js's build() makes by default. */
const Int32Histogram = constructorFromBucketSize(32);

export interface FreshnessSummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** The summary of no ages at all. */
export const NO_FRESHNESS: FreshnessSummary = { count: 0, p50: 0, p95: 0, max: 0 };

/**
 * Ages of ticks when they reached the screen, in ms. An HDR histogram keeps percentiles exact to two
 * significant digits in constant memory, however long a tab stays open.
 */
export class FreshnessHistogram {
  readonly #histogram = new Int32Histogram(1, 3_600_000, 2);

  record(ageMs: number): void {
    // Clock offsets can make a fresh tick look a millisecond from the future; that is zero age, not an error.
    const clamped = Math.min(3_600_000, Math.max(0, Math.round(ageMs)));
    this.#histogram.recordValue(clamped);
  }

  summary(): FreshnessSummary {
    const h = this.#histogram;
    if (h.totalCount === 0) return NO_FRESHNESS;
    return { count: h.totalCount, p50: this.percentile(50), p95: this.percentile(95), max: h.maxValue };
  }

  /** Any percentile (0–100) of the ages so far; 0 without samples. The load generator reports p99. */
  percentile(percent: number): number {
    const h = this.#histogram;
    if (h.totalCount === 0) return 0;
    // A percentile is read as the top of its bucket (4 ms wide around 1 s) while the max is the exact age,
    // so without the cap a screen could show a p95 of 1,007 ms above a max of 1,005 ms (CI, 2026-11-22).
    return Math.min(h.getValueAtPercentile(percent), h.maxValue);
  }

  /** The HDR histogram underneath, for encoding and merging (freshness-histogram-codec.ts), not for recording. */
  get hdr(): Histogram {
    return this.#histogram;
  }

  reset(): void {
    this.#histogram.reset();
  }
}
