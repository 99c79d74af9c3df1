'use client';

import { memo, useMemo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { formatCount } from '@/lib/format/format-bytes';
import { TIMELINE_SLOT_MS, TIMELINE_SLOTS, type FreshnessSlot } from '@/lib/meter/freshness-timeline';
import { perMode, TRANSPORT_MODES, type TransportMode } from '@/lib/protocol/transport-mode';
import { useShownMeter, useTicker } from '../../_state/ticker-context';
import { TIME_AXIS_PROPS } from '../minute-chart-props';

/** One second: where it is (its middle, ms before the chart's right edge) and each mode's ages, ms. */
type AgePoint = { at: number } & Partial<Record<`${TransportMode}${'P50' | 'P95' | 'Max'}`, number>>;

/** Drawn the asking modes first, so the push modes' short bars stay in front in the second a switch shares. */
const DRAW_ORDER: readonly TransportMode[] = [...TRANSPORT_MODES].reverse();

function pointsOf(timelines: Readonly<Record<TransportMode, readonly FreshnessSlot[]>>): AgePoint[] {
  // Every second has a point, filled or not: recharts sizes bars on a number axis by the closest two points.
  const points: AgePoint[] = Array.from({ length: TIMELINE_SLOTS }, (_, i) => ({
    at: -(TIMELINE_SLOTS - 1 - i + 0.5) * TIMELINE_SLOT_MS,
  }));
  for (const mode of TRANSPORT_MODES) {
    for (const slot of timelines[mode]) {
      const point = points[TIMELINE_SLOTS - 1 - slot.ago];
      if (!point) continue;
      point[`${mode}P50`] = slot.p50;
      point[`${mode}P95`] = slot.p95;
      point[`${mode}Max`] = slot.max;
    }
  }
  return points;
}

/**
 * The least a second's median is drawn, px: Socket.IO's few milliseconds are under a pixel on a scale
 * that reaches the poll interval, and a blank second would read as "no ticks", not "no wait".
 */
const MIN_MEDIAN_PX = 3;

/**
 * A mode's bar for one second: recharts sizes it to the oldest tick, and it is split at the 95th
 * percentile and the median, faint to solid. One bar with a shape, not three stacked ones: recharts
 * makes a component with its own store subscriptions for every bar, and this is a third of them.
 */
function ageBarShape(mode: TransportMode) {
  return function AgeBar({ x, y, width, height, payload }: BarShapeProps): ReactNode {
    // recharts types a bar's data point as any: it is the AgePoint this chart gave it.
    const point = payload as AgePoint | undefined;
    const p50 = point?.[`${mode}P50`];
    const p95 = point?.[`${mode}P95`];
    const max = point?.[`${mode}Max`];
    if (p50 === undefined || p95 === undefined || max === undefined) return null;
    const pxPerMs = max > 0 ? height / max : 0;
    const bottom = y + height;
    const top95 = bottom - p95 * pxPerMs;
    const top50 = bottom - Math.max(MIN_MEDIAN_PX, p50 * pxPerMs);
    return (
      <g className="age-bar" data-mode={mode} fill={`var(--${mode})`}>
        <rect x={x} y={y} width={width} height={Math.max(0, top95 - y)} fillOpacity={0.2} />
        <rect x={x} y={top95} width={width} height={Math.max(0, top50 - top95)} fillOpacity={0.45} />
        <rect x={x} y={top50} width={width} height={bottom - top50} />
      </g>
    );
  };
}

/** Made once: a new shape function on a render would make recharts register the bar again. */
const AGE_BAR_SHAPES: Readonly<Record<TransportMode, ReturnType<typeof ageBarShape>>> = perMode(ageBarShape);

/** A step of 1, 2, 2.5 or 5 times a power of ten, so that at most five steps reach `max`. */
function ageScale(max: number): { readonly domain: readonly [number, number]; readonly ticks: readonly number[] } {
  const rough = Math.max(max, 10) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const top = Math.ceil(max / step) * step || step;
  return { domain: [0, top], ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step) };
}

/** Room above for the unit, and on the right for the P/2 and P labels. */
const MARGIN = { top: 28, right: 44, bottom: 4, left: 4 };

/** The unit once, above the axis: "1,000 ms" on every tick would not fit the axis at projector size. */
const AGE_UNIT_LABEL = { value: 'ms', position: 'top', offset: 10, fill: 'var(--muted)' } as const;
const HALF_INTERVAL_LABEL = { value: 'P/2', position: 'right', fill: 'var(--ink)' } as const;
const INTERVAL_LABEL = { value: 'P', position: 'right', fill: 'var(--muted)' } as const;

/**
 * Tick ages per second over the last minute, both modes: a bar a second, stacked to the median, the 95th
 * percentile and the oldest tick. Of the ways to draw a distribution over time this reads best from the
 * back of a room: it shows how spread the ages are and the moment a switch changes them, and it still
 * draws the lone second in five that a 5 s poll fills (a band of areas would need two neighbours). A
 * histogram of the whole session would blur the modes and intervals a class switches between.
 */
export function FreshnessChart() {
  // Redrawn once a meter report, at transition priority with the rest of the meter: never per tick.
  const { modes } = useShownMeter();
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  const timelines = useMemo(() => perMode((mode) => modes[mode].freshnessTimeline), [modes]);
  return (
    <div
      className="freshness-chart"
      role="img"
      aria-label="Tick age per second over the last minute, each transport used"
      {...Object.fromEntries(TRANSPORT_MODES.map((mode) => [`data-${mode}-seconds`, timelines[mode].length]))}
    >
      <AgeBars timelines={timelines} pollIntervalMs={pollIntervalMs} />
    </div>
  );
}

interface AgeBarsProps {
  readonly timelines: Readonly<Record<TransportMode, readonly FreshnessSlot[]>>;
  readonly pollIntervalMs: number;
}

const AgeBars = memo(function AgeBars({ timelines, pollIntervalMs }: AgeBarsProps) {
  const data = useMemo(() => pointsOf(timelines), [timelines]);
  // The scale reaches the poll interval even while only Socket.IO runs, so its ages are seen against
  // what polling would add, and it moves only when the interval changes or a tick is older than that.
  const oldest = Math.max(pollIntervalMs, ...TRANSPORT_MODES.flatMap((mode) => timelines[mode].map((slot) => slot.max)));
  const scale = useMemo(() => ageScale(oldest), [oldest]);

  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={MARGIN} barCategoryGap="12%">
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
        <XAxis xAxisId="socketio" {...TIME_AXIS_PROPS} dataKey="at" />
        {/* Each mode has an x axis of its own (the same one again, hidden and taking no room), so that its
            bar fills the whole second instead of sharing it with the other modes', which are empty but in
            the second a switch happens. */}
        {TRANSPORT_MODES.filter((mode) => mode !== 'socketio').map((mode) => (
          <XAxis key={mode} xAxisId={mode} {...TIME_AXIS_PROPS} dataKey="at" hide height={0} />
        ))}
        <YAxis
          domain={scale.domain}
          ticks={scale.ticks}
          interval={0}
          width={84}
          tickFormatter={formatCount}
          label={AGE_UNIT_LABEL}
          stroke="var(--muted)"
        />
        {/* A mode with nothing in the last minute gets no bar at all: half the work while one mode runs. */}
        {DRAW_ORDER.filter((mode) => timelines[mode].length > 0).map((mode) => (
          <Bar key={mode} xAxisId={mode} dataKey={`${mode}Max`} shape={AGE_BAR_SHAPES[mode]} isAnimationActive={false} />
        ))}
        {/* Where polling at the current interval should put its bars: the median at P/2, the oldest at P. */}
        <ReferenceLine xAxisId="socketio" y={pollIntervalMs / 2} stroke="var(--ink)" strokeDasharray="6 4" label={HALF_INTERVAL_LABEL} />
        <ReferenceLine xAxisId="socketio" y={pollIntervalMs} stroke="var(--muted)" strokeDasharray="2 4" label={INTERVAL_LABEL} />
      </BarChart>
    </ResponsiveContainer>
  );
});
