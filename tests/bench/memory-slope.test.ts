import { describe, expect, it } from 'vitest';
import { afterWarmup, leastSquaresSlope, slopePercentPer10Minutes, warmupMs, type MemoryPoint } from '../programs/bench/report/memory-slope';

const line = (count: number, start: number, perMs: number, stepMs = 1000): MemoryPoint[] =>
  Array.from({ length: count }, (_, i) => ({ atMs: 5_000 + i * stepMs, bytes: start + perMs * i * stepMs }));

describe('leastSquaresSlope', () => {
  it('should give the slope of points on a line exactly', () => {
    expect(leastSquaresSlope(line(100, 1e6, 3))).toBeCloseTo(3, 9);
  });

  it('should give 0 for flat memory, a single point and no points', () => {
    expect(leastSquaresSlope(line(50, 1e6, 0))).toBe(0);
    expect(leastSquaresSlope(line(1, 1e6, 5))).toBe(0);
    expect(leastSquaresSlope([])).toBe(0);
  });

  it('should see through a sawtooth to its trend', () => {
    const points = line(600, 1e8, 0).map((p, i) => ({ atMs: p.atMs, bytes: p.bytes + (i % 10) * 1e4 + i * 1000 }));
    // 1,000 B a sample a second: 1 B/ms, give or take what the teeth's phase adds.
    expect(leastSquaresSlope(points)).toBeCloseTo(1, 1);
  });
});

describe('slopePercentPer10Minutes', () => {
  it('should express the slope per 10 minutes as a share of the mean', () => {
    // 100 MB on average, growing 1 MB per 10 minutes: 1%.
    const perMs = 1e6 / 600_000;
    const points = line(601, 1e8 - 0.5e6, perMs);
    expect(slopePercentPer10Minutes(points)).toBeCloseTo(1, 6);
  });

  it('should be negative when memory shrinks', () => {
    expect(slopePercentPer10Minutes(line(60, 1e8, -10))).toBeLessThan(0);
  });
});

describe('warmupMs', () => {
  it('should leave out the time the server takes to fill up, in a long run', () => {
    expect(warmupMs(600_000, 120_000)).toBe(120_000);
  });

  it('should leave out no more than a fifth of a short trial run', () => {
    expect(warmupMs(60_000, 120_000)).toBe(12_000);
  });
});

describe('afterWarmup', () => {
  it("should keep the points from the warm-up's end on", () => {
    const kept = afterWarmup(line(600, 1, 0), 120_000);
    expect(kept[0]?.atMs).toBe(5_000 + 120_000);
    expect(kept).toHaveLength(480);
  });
});
