/**
 * The x axis of the charts of the last minute, in milliseconds before "now", with a mark every 10 s: the
 * labels stay put while the lines scroll under them. Axis props that never change (and a formatter defined
 * once, here) keep recharts from re-registering its axes on every step, which cost more than the drawing.
 */
export const TIME_AXIS_WINDOW_MS = 60_000;
export const TIME_AXIS_TICKS = [-60_000, -50_000, -40_000, -30_000, -20_000, -10_000, 0];
export const TIME_AXIS_DOMAIN = [-TIME_AXIS_WINDOW_MS, 0];

export function secondsAgo(age: unknown): string {
  if (typeof age !== 'number') return '';
  const s = Math.round(-age / 1000);
  return s <= 0 ? 'now' : `−${s}s`;
}
