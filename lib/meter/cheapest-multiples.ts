/**
 * Each figure as a multiple of the smallest: 1 for the cheapest mode, 8.1 for one that moves 8.1 times its
 * bytes. A figure not yet measured (null, or zero) gets null and cannot be the cheapest.
 */
export function cheapestMultiples(figures: readonly (number | null)[]): (number | null)[] {
  const measured = figures.filter((value): value is number => value !== null && value > 0);
  if (measured.length === 0) return figures.map(() => null);
  const cheapest = Math.min(...measured);
  return figures.map((value) => (value !== null && value > 0 ? value / cheapest : null));
}
