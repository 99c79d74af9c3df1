'use client';

import { memo, useMemo } from 'react';
import { Area, AreaChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { ServerSample } from '@/lib/protocol/server-stats';
import { LIVE_LINE_PROPS, TIME_AXIS_PROPS } from '../minute-chart-props';

const MARGIN = { top: 3, right: 2, bottom: 3, left: 2 };

interface ServerMinuteChartProps {
  readonly samples: readonly ServerSample[];
  /** Defined once by the caller, not per render: a new function would redraw the chart for nothing. */
  readonly value: (sample: ServerSample) => number;
  /** The least the scale reaches, so a quiet minute lies flat along the bottom instead of filling the box. */
  readonly floor: number;
  readonly label: string;
}

/**
 * One figure of the server over the last minute, a point a sample: a line without axes, small enough
 * for a tile. The tile says the scale in words (the peak), which reads better at the back of a room.
 */
export const ServerMinuteChart = memo(function ServerMinuteChart({ samples, value, floor, label }: ServerMinuteChartProps) {
  const data = useMemo(() => {
    const newest = samples.at(-1)?.at ?? 0;
    return samples.map((sample) => ({ age: sample.at - newest, value: value(sample) }));
  }, [samples, value]);
  const top = Math.max(floor, ...data.map((point) => point.value));
  const domain = useMemo(() => [0, top] as const, [top]);

  return (
    <div className="server-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={MARGIN}>
          <XAxis {...TIME_AXIS_PROPS} hide />
          <YAxis hide domain={domain} allowDataOverflow />
          <Area {...LIVE_LINE_PROPS} dataKey="value" stroke="var(--accent)" strokeWidth={2} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
});
