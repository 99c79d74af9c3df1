// Small sample statistics for the tests that check distributions; no test imports a stats library for four formulas.

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Unbiased sample variance (n − 1 in the denominator). */
export function sampleVariance(values: readonly number[]): number {
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return sum / (values.length - 1);
}

/** Standardized central moment of order `order` (3: skewness, 4: kurtosis). */
export function standardizedMoment(values: readonly number[], order: number): number {
  const m = mean(values);
  const sd = Math.sqrt(sampleVariance(values));
  let sum = 0;
  for (const value of values) sum += ((value - m) / sd) ** order;
  return sum / values.length;
}

/** Pearson correlation of two equally long samples. */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** How many standard errors every statistical test allows: about one failure in 1.7 million for a normal statistic. */
export const Z_TOLERANCE = 5;
