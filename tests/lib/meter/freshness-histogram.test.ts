import { describe, expect, it } from 'vitest';
import { FreshnessHistogram } from '../../../lib/meter/freshness-histogram';
import { addEncodedFreshness, encodeFreshness } from '../../../lib/meter/freshness-histogram-codec';
import { createRandomSource } from '../../../lib/market/random-source';

/** The nearest-rank percentile of a sample: the smallest value with at least `percent`% of the sample at or below it. */
function percentile(sorted: readonly number[], percent: number): number {
  return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)]!;
}

/** Two significant digits: an HDR bucket is at most 1% wide, plus a millisecond for rounding small values. */
function expectWithinResolution(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(exact * 0.01 + 1);
}

function recordAll(values: readonly number[]): FreshnessHistogram {
  const histogram = new FreshnessHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

describe('FreshnessHistogram', () => {
  it('should summarize nothing as zeros', () => {
    expect(new FreshnessHistogram().summary()).toEqual({ count: 0, p50: 0, p95: 0, max: 0 });
  });

  it('should report a single age exactly', () => {
    expect(recordAll([42]).summary()).toEqual({ count: 1, p50: 42, p95: 42, max: 42 });
  });

  it('should never report a percentile above the max, though its bucket reaches past it', () => {
    // 1,005 ms lies in a bucket 1,004–1,007 ms wide; its top is what the percentile read gives.
    const histogram = recordAll([990, 1_000, 1_005]);
    expect(histogram.summary()).toMatchObject({ p95: 1_005, max: 1_005 });
    expect(histogram.percentile(99)).toBe(1_005);
  });

  it('should report the median, 95th percentile and maximum of evenly spread ages', () => {
    const ages = Array.from({ length: 1_000 }, (_, i) => i + 1);
    const summary = recordAll(ages).summary();
    expect(summary.count).toBe(1_000);
    expectWithinResolution(summary.p50, percentile(ages, 50));
    expectWithinResolution(summary.p95, percentile(ages, 95));
    expectWithinResolution(summary.max, 1_000);
  });

  it('should match exact percentiles of skewed ages to two significant digits', () => {
    const random = createRandomSource(77);
    // Log-normal ages around 40 ms with a long tail, like ticks that reach a busy screen.
    const ages = Array.from({ length: 50_000 }, () => Math.round(40 * Math.exp(0.8 * random.normal())));
    const sorted = [...ages].sort((x, y) => x - y);
    const summary = recordAll(ages).summary();
    expect(summary.count).toBe(ages.length);
    expectWithinResolution(summary.p50, percentile(sorted, 50));
    expectWithinResolution(summary.p95, percentile(sorted, 95));
    expectWithinResolution(summary.max, sorted.at(-1)!);
  });

  it('should report any percentile, and zero without samples', () => {
    const ages = Array.from({ length: 1_000 }, (_, i) => i + 1);
    expectWithinResolution(recordAll(ages).percentile(99), percentile(ages, 99));
    expect(new FreshnessHistogram().percentile(99)).toBe(0);
  });

  it('should count an age from the future as zero', () => {
    const summary = recordAll([-3, -1, -0.4]).summary();
    expect(summary).toEqual({ count: 3, p50: 0, p95: 0, max: 0 });
  });

  it('should round ages to whole milliseconds', () => {
    expect(recordAll([9.6]).summary().max).toBe(10);
    expect(recordAll([9.4]).summary().max).toBe(9);
  });

  it('should cap ages at one hour instead of failing', () => {
    const histogram = new FreshnessHistogram();
    expect(() => histogram.record(5 * 3_600_000)).not.toThrow();
    expectWithinResolution(histogram.summary().max, 3_600_000);
    expect(histogram.summary().count).toBe(1);
  });

  it('should forget everything on reset', () => {
    const histogram = recordAll([5, 50, 500]);
    histogram.reset();
    expect(histogram.summary()).toEqual({ count: 0, p50: 0, p95: 0, max: 0 });
    histogram.record(7);
    expect(histogram.summary()).toEqual({ count: 1, p50: 7, p95: 7, max: 7 });
  });

  it('should add the ages of an encoded histogram to its own, as if recorded here', () => {
    const mine = recordAll([5, 10, 15]);
    addEncodedFreshness(mine, encodeFreshness(recordAll([100, 200, 300, 400])));
    const merged = mine.summary();
    const direct = recordAll([5, 10, 15, 100, 200, 300, 400]).summary();
    expect(merged.count).toBe(7);
    // A merged maximum is its bucket's top, not the value recorded: equal within the histogram's resolution.
    for (const key of ['p50', 'p95', 'max'] as const) expectWithinResolution(merged[key], direct[key]);
  });
});
