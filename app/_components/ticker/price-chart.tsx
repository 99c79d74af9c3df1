'use client';

import { memo, useDeferredValue, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPrice } from '@/lib/format/format-price';
import { usePriceSeries, useTicker } from '../../_state/ticker-context';
import { LIVE_LINE_PROPS, secondsAgo, TIME_AXIS_PROPS, TIME_AXIS_WINDOW_MS } from '../minute-chart-props';

/** At most 300 points across the window. */
const BUCKET_MS = 200;
const CHART_STEP_MS = 200;

interface Point {
  /** Milliseconds before the chart's right edge, ≤ 0. */
  readonly age: number;
  readonly cents: number;
}

const tooltipValue = (cents: unknown): [string, string] => [typeof cents === 'number' ? formatPrice(cents) : String(cents), 'Price'];

export function PriceChart() {
  const selected = useTicker((s) => s.selected);
  const listing = useTicker((s) => s.symbols[s.selected]);
  const cents = useTicker((s) => s.rows[s.selected]?.cents);
  // The line moves in steps of market time, at most five times a second however fast ticks come, and is
  // redrawn at transition priority: React renders it in slices between frames, so the chart never holds
  // up the ticker table or makes a long task.
  const now = useDeferredValue(useTicker((s) => Math.floor(s.lastTickTs / CHART_STEP_MS) * CHART_STEP_MS));

  return (
    <section className="card chart" aria-label="Chart">
      <div className="card-head">
        <h2>
          {listing ? listing.symbol : '—'} <span className="muted">{listing?.name}</span>
        </h2>
        <span className="chart-price">{cents !== undefined ? formatPrice(cents) : ''}</span>
      </div>
      <div className="chart-box">
        <ChartLine selected={selected} now={now} />
      </div>
    </section>
  );
}

interface ChartLineProps {
  selected: number;
  /** The right edge of the chart; the mutable price series is read again whenever it moves. */
  now: number;
}

const ChartLine = memo(function ChartLine({ selected, now }: ChartLineProps) {
  const series = usePriceSeries();
  const data = useMemo(() => {
    const view = series.view(selected);
    const points: Point[] = [];
    let lastBucket = Number.NaN;
    for (let i = 0; i < view.length; i++) {
      const t = view.ts(i);
      if (t < now - TIME_AXIS_WINDOW_MS) continue;
      const point = { age: t - now, cents: view.cents(i) };
      // One point per bucket, the latest: the line looks the same at chart width, for half the work.
      const bucket = Math.floor(t / BUCKET_MS);
      if (bucket === lastBucket) points[points.length - 1] = point;
      else points.push(point);
      lastBucket = bucket;
    }
    // Hold the line to the right edge: a symbol that has not moved is still at its price now.
    const last = points.at(-1);
    if (last && last.age < 0) points.push({ age: 0, cents: last.cents });
    return points;
  }, [series, selected, now]);

  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 8, right: 28, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
        <XAxis {...TIME_AXIS_PROPS} />
        <YAxis dataKey="cents" domain={['auto', 'auto']} width={84} interval={0} tickFormatter={formatPrice} stroke="var(--muted)" />
        <Tooltip isAnimationActive={false} labelFormatter={secondsAgo} formatter={tooltipValue} />
        <Area {...LIVE_LINE_PROPS} dataKey="cents" stroke="var(--accent)" strokeWidth={2.5} />
      </AreaChart>
    </ResponsiveContainer>
  );
});
