// How fast a process's memory grows over a soak, as one figure that does not depend on how long the soak
// ran or how big the process is: the least-squares slope of its samples, as a share of their mean, per
// 10 minutes. A leak of 1% per 10 minutes doubles the process in about 17 hours.

export interface MemoryPoint {
  readonly atMs: number;
  readonly bytes: number;
}

/** The least-squares line's slope through the points, in bytes per ms; 0 for fewer than two distinct times. */
export function leastSquaresSlope(points: readonly MemoryPoint[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let meanX = 0;
  let meanY = 0;
  for (const p of points) {
    meanX += p.atMs / n;
    meanY += p.bytes / n;
  }
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.atMs - meanX) * (p.bytes - meanY);
    variance += (p.atMs - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

const TEN_MINUTES_MS = 10 * 60_000;

/** The slope as a percentage of the mean per 10 minutes; negative when memory shrinks. */
export function slopePercentPer10Minutes(points: readonly MemoryPoint[]): number {
  if (points.length === 0) return 0;
  const mean = points.reduce((sum, p) => sum + p.bytes, 0) / points.length;
  return mean === 0 ? 0 : ((leastSquaresSlope(points) * TEN_MINUTES_MS) / mean) * 100;
}

/**
 * How much of a run to leave out before judging its slope: `fillMs`, how long the server takes to reach
 * its steady size (its tick history filling up), but never more than a fifth of a short trial run.
 */
export function warmupMs(runMs: number, fillMs: number): number {
  return Math.min(fillMs, runMs / 5);
}

/** The points from `skipMs` after the first one on. */
export function afterWarmup(points: readonly MemoryPoint[], skipMs: number): MemoryPoint[] {
  const first = points[0];
  if (!first) return [];
  return points.filter((p) => p.atMs - first.atMs >= skipMs);
}
