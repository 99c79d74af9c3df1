'use client';

import { memo } from 'react';
import { usePriceSeries } from '../../_state/ticker-context';

const WIDTH = 120;
const HEIGHT = 32;
/** Enough points to show the shape; more would only cost time on every move. */
const MAX_POINTS = 60;

interface SparklineProps {
  index: number;
  /** Changes whenever this symbol's series changes; the path is recomputed only then. */
  version: number;
  trend: 'up' | 'down' | 'flat';
}

/** A plain SVG polyline: cheaper than a chart component in every one of up to 500 rows. */
export const Sparkline = memo(function Sparkline({ index, trend }: SparklineProps) {
  const view = usePriceSeries().view(index);
  const count = Math.min(view.length, MAX_POINTS);
  if (count < 2) return <svg className="spark" width={WIDTH} height={HEIGHT} aria-hidden="true" />;

  const first = view.length - count;
  let min = Infinity;
  let max = -Infinity;
  for (let i = first; i < view.length; i++) {
    const c = view.cents(i);
    if (c < min) min = c;
    if (c > max) max = c;
  }
  const span = max - min || 1;
  let points = '';
  for (let i = 0; i < count; i++) {
    const x = (i / (count - 1)) * (WIDTH - 2) + 1;
    const y = HEIGHT - 2 - ((view.cents(first + i) - min) / span) * (HEIGHT - 4);
    points += `${x.toFixed(1)},${y.toFixed(1)} `;
  }
  return (
    <svg className={`spark ${trend}`} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
      <polyline points={points} fill="none" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
});
