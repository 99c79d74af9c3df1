/**
 * The x axis the live charts share: the last minute, in milliseconds before "now", with a mark every
 * 10 s. It is fixed, so the labels stay put while the data scrolls under them. Axis props that never
 * change (and formatters defined once, here) keep recharts from re-registering its axes on every step,
 * which cost more than drawing the data.
 */
export const WINDOW_MS = 60_000;
const X_TICKS = [-60_000, -50_000, -40_000, -30_000, -20_000, -10_000, 0];
const X_DOMAIN = [-WINDOW_MS, 0];

export function secondsAgo(age: unknown): string {
  if (typeof age !== 'number') return '';
  const s = Math.round(-age / 1000);
  return s <= 0 ? 'now' : `−${s}s`;
}

/** Props of an XAxis on that axis; its dataKey names the field that holds milliseconds before now. */
export const TIME_AXIS = {
  type: 'number',
  domain: X_DOMAIN,
  allowDataOverflow: true,
  ticks: X_TICKS,
  interval: 0,
  tickFormatter: secondsAgo,
  stroke: 'var(--muted)',
} as const;
