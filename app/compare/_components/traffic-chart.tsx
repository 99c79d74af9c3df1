'use client';

import { useDeferredValue, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { TrafficReading } from '@/lib/meter/traffic-history';
import { perMode, type TransportMode } from '@/lib/protocol/transport-mode';
import { LIVE_LINE_PROPS, TIME_AXIS_PROPS } from '../../_components/minute-chart-props';
import { useTraffic, type TrafficRecorder, type TrafficSnapshot } from './traffic-recorder';

/** A row per reading of any lane: the lanes read at different moments, so all but one are null. */
type Row = { readonly age: number } & Readonly<Record<TransportMode, number | null>>;

const Y_DOMAIN = [0, 'auto'] as const;
const MARGIN = { top: 10, right: 24, bottom: 4, left: 4 };

function rows(snapshots: readonly TrafficSnapshot[], value: (reading: TrafficReading) => number): Row[] {
  const now = Math.max(...snapshots.map((snapshot) => snapshot.readings.at(-1)?.at ?? -Infinity));
  const merged: Row[] = [];
  for (const { mode, readings } of snapshots) {
    for (const reading of readings) {
      const row = { age: reading.at - now, ...perMode(() => null) };
      merged.push({ ...row, [mode]: value(reading) });
    }
  }
  return merged.sort((a, b) => a.age - b.age);
}

interface TrafficChartProps {
  readonly title: string;
  /** One per lane, the same array from render to render (see useTraffic). */
  readonly recorders: readonly TrafficRecorder[];
  readonly value: (reading: TrafficReading) => number;
  /** Defined once by the caller, not per render, so the axis is not registered again on every step. */
  readonly formatValue: (value: number) => string;
}

/**
 * One figure of every lane over the last minute, a point per meter report (about one a second per
 * view). Redrawn at transition priority, so a redraw never holds up the prices.
 */
export function TrafficChart({ title, recorders, value, formatValue }: TrafficChartProps) {
  const snapshots = useDeferredValue(useTraffic(recorders));
  const data = useMemo(() => rows(snapshots, value), [snapshots, value]);

  return (
    <figure className="traffic-chart">
      <figcaption>{title}</figcaption>
      <div className="traffic-chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={MARGIN}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis {...TIME_AXIS_PROPS} />
            <YAxis domain={Y_DOMAIN} width={96} tickFormatter={formatValue} stroke="var(--muted)" />
            {snapshots.map(({ mode }) => (
              <Area
                {...LIVE_LINE_PROPS}
                key={mode}
                className={`series-${mode}`}
                dataKey={mode}
                connectNulls
                stroke={`var(--${mode})`}
                strokeWidth={3}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
