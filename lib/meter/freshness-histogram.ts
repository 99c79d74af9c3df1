import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

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
  readonly #histogram: Histogram = build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 2,
    useWebAssembly: false,
  });

  record(ageMs: number): void {
    // Clock offsets can make a fresh tick look a millisecond from the future; that is zero age, not an error.
    const clamped = Math.min(3_600_000, Math.max(0, Math.round(ageMs)));
    this.#histogram.recordValue(clamped);
  }

  summary(): FreshnessSummary {
    const h = this.#histogram;
    if (h.totalCount === 0) return NO_FRESHNESS;
    return {
      count: h.totalCount,
      p50: h.getValueAtPercentile(50),
      p95: h.getValueAtPercentile(95),
      max: h.maxValue,
    };
  }

  /** Any percentile (0–100) of the ages so far; 0 without samples. The load generator reports p99. */
  percentile(percent: number): number {
    return this.#histogram.totalCount === 0 ? 0 : this.#histogram.getValueAtPercentile(percent);
  }

  /** The ages in HdrHistogram's compressed text form, for another process to add to its own (see addEncoded). */
  encode(): string {
    return encodeIntoCompressedBase64(this.#histogram);
  }

  /** Adds the ages of an encoded histogram to these: how a benchmark merges its load workers' figures. */
  addEncoded(text: string): void {
    this.#histogram.add(decodeFromCompressedBase64(text, 32, false));
  }

  reset(): void {
    this.#histogram.reset();
  }
}
