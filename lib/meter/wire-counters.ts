/** Named totals that add up field by field: a mode's wire counters, or the parts of its breakdown. */
export type Counts = Readonly<Record<string, number>>;

function combine<T extends Counts>(a: T, b: T, op: (x: number, y: number) => number): T {
  const out: Record<string, number> = {};
  for (const key of Object.keys(a)) out[key] = op(a[key] ?? 0, b[key] ?? 0);
  return out as T;
}

export function addCounters<T extends Counts>(a: T, b: T): T {
  return combine(a, b, (x, y) => x + y);
}

/** `a − b`, floored at zero: a baseline taken before a counter source restarted must not turn figures negative. */
export function subtractCounters<T extends Counts>(a: T, b: T): T {
  return combine(a, b, (x, y) => Math.max(0, x - y));
}

/** Whether any field of `next` is below `previous`: a source of running totals has started again from zero. */
export function decreased<T extends Counts>(next: T, previous: T): boolean {
  return Object.keys(next).some((key) => (next[key] ?? 0) < (previous[key] ?? 0));
}

/**
 * How fast each total grew per second, from `before` to `after` read `elapsedMs` apart. A total that went
 * down (its source restarted) grew by nothing; no time elapsed, no rate.
 */
export function ratesPerSecond<T extends Counts>(after: T, before: T, elapsedMs: number): T {
  return combine(after, before, (x, y) => (elapsedMs > 0 ? (Math.max(0, x - y) * 1000) / elapsedMs : 0));
}
