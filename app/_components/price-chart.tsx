'use client';

import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPrice } from '@/lib/format/format-price';
import { priceSeries, useTickerStore } from '../_state/ticker-store';

const WINDOW_MS = 60_000;
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
  const version = useTickerStore((s) => s.seriesVersion);
  const now = useTickerStore((s) => s.lastTickTs);
  const cents = useTickerStore((s) => s.rows[s.selected]?.cents);

  const data = useMemo(() => {
    void version; // the series is mutable: its version is what says it changed
    const view = priceSeries.view(selected);
    const points: Point[] = [];
    for (let i = 0; i < view.length; i++) {
      const t = view.ts(i);
      if (t >= now - WINDOW_MS) points.push({ t, cents: view.cents(i) });
    }
    // Hold the line to the right edge: a symbol that has not moved is still at its price now.
    const last = points.at(-1);
    if (last && cents !== undefined && last.t < now) points.push({ t: now, cents });
    return points;
  }, [selected, version, now, cents]);

  return (
    <section className="card chart" aria-label="Chart">
      <div className="card-head">
        <h2>
          {listing ? listing.symbol : '—'} <span className="muted">{listing?.name}</span>
        </h2>
        <span className="chart-price">{cents !== undefined ? formatPrice(cents) : ''}</span>
      </div>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[now - WINDOW_MS, now]}
              allowDataOverflow
              ticks={TICK_OFFSETS.map((offset) => now - offset)}
              interval={0}
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
            <Line
              type="linear"
              dataKey="cents"
              stroke="var(--accent)"
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
