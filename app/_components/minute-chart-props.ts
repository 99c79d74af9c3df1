import type { AreaProps, XAxisProps } from 'recharts';

// What the charts of the last minute share, so they stay cheap to redraw several times a second. You
// probably don't need to edit this unless a chart of the last minute is slow or looks different.

/** The charts of the last minute show this much time, ending now. */
export const TIME_AXIS_WINDOW_MS = 60_000;

export function secondsAgo(age: unknown): string {
  if (typeof age !== 'number') return '';
  const s = Math.round(-age / 1000);
  return s <= 0 ? 'now' : `−${s}s`;
}

/**
 * The x axis of every chart of the last minute, spread onto its XAxis: a point's `age` is milliseconds
 * before now, with a mark every 10 s, so the labels stay put while the lines scroll under them. Props that
 * never change (the formatter defined once, here) keep recharts from re-registering its axes on every
 * step, which cost more than drawing the lines.
 */
export const TIME_AXIS_PROPS = {
  dataKey: 'age',
  type: 'number',
  domain: [-TIME_AXIS_WINDOW_MS, 0],
  allowDataOverflow: true,
  ticks: [-60_000, -50_000, -40_000, -30_000, -20_000, -10_000, 0],
  interval: 0,
  tickFormatter: secondsAgo,
  stroke: 'var(--muted)',
} as const satisfies XAxisProps;

/**
 * A live line is an unfilled Area, not a Line: recharts' Line measures its whole path (getTotalLength) on
 * every render, forcing a layout of the page each time (per update since recharts#3946); a fill would be
 * repainted as often. Spread onto an Area with its dataKey and stroke.
 */
export const LIVE_LINE_PROPS = {
  type: 'linear',
  fill: 'none',
  dot: false,
  activeDot: false,
  isAnimationActive: false,
} as const satisfies Partial<AreaProps<unknown, number>>;
