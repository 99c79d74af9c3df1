'use client';

import { memo, useDeferredValue, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPrice } from '@/lib/format/format-price';
import { priceSeries, useTickerStore } from '../_state/ticker-store';

const WINDOW_MS = 60_000;
/** At most 300 points across the window. */
const BUCKET_MS = 200;
const CHART_STEP_MS = 200;
/** Axis marks every 10 s, pinned to "now" so the labels stay put while the line scrolls under them. */
const TICK_OFFSETS = [60_000, 50_000, 40_000, 30_000, 20_000, 10_000, 0];

interface Point {
  readonly t: number;
  readonly cents: number;
}

function secondsAgo(t: number, now: number): string {
  const s = Math.round((now - t) / 1000);
  return s <= 0 ? 'now' : `−${s}s`;
}

export function PriceChart() {
  const selected = useTickerStore((s) => s.selected);
  const listing = useTickerStore((s) => s.symbols[s.selected]);
  const cents = useTickerStore((s) => s.rows[s.selected]?.cents);
  // The line moves in steps of market time, at most five times a second however fast ticks come, and is
  // redrawn at transition priority: React renders it in slices between frames, so the chart never holds
  // up the ticker table or makes a long task.
  const now = useDeferredValue(useTickerStore((s) => Math.floor(s.lastTickTs / CHART_STEP_MS) * CHART_STEP_MS));

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
  const data = useMemo(() => {    const view = priceSeries.view(selected);
    const points: Point[] = [];
    for (let i = 0; i < view.length; i++) {
      const t = view.ts(i);
      if (t < now - WINDOW_MS) continue;
      const point = { t, cents: view.cents(i) };
      // One point per bucket, the latest: the line looks the same at chart width, for half the work.
      const last = points.at(-1);
      if (last && Math.floor(last.t / BUCKET_MS) === Math.floor(t / BUCKET_MS)) points[points.length - 1] = point;
      else points.push(point);
    }
    // Hold the line to the right edge: a symbol that has not moved is still at its price now.
    const last = points.at(-1);
    if (last && last.t < now) points.push({ t: now, cents: last.cents });
    return points;
  }, [selected, now]);

  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 8, right: 28, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[now - WINDOW_MS, now]}
          allowDataOverflow
          ticks={TICK_OFFSETS.map((offset) => now - offset)}
          interval="preserveStartEnd"
          minTickGap={8}
          tickFormatter={(t: number) => secondsAgo(t, now)}
          stroke="var(--muted)"
        />
        <YAxis
          dataKey="cents"
          domain={['auto', 'auto']}
          width={84}
          tickFormatter={(c: number) => formatPrice(c)}
          stroke="var(--muted)"
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(t) => (typeof t === 'number' ? secondsAgo(t, now) : '')}
          formatter={(c) => [typeof c === 'number' ? formatPrice(c) : String(c), 'Price']}
        />
        {/* An unfilled Area, not a Line: recharts' Line measures its whole path (getTotalLength) on every
            render, forcing a layout of the page ten times a second (per update since recharts#3946); a
            fill would be repainted as often. */}
        <Area
          type="linear"
          dataKey="cents"
          stroke="var(--accent)"
          strokeWidth={2.5}
          fill="none"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
});
