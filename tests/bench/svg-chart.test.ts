import { describe, expect, it } from 'vitest';
import { axisPosition, escapeXml, yRange, yTicks, type ChartPanel } from '../programs/bench/report/svg-chart';

describe('axisPosition', () => {
  it('should place a log axis by decades', () => {
    const at = axisPosition('log', 100, 10_000);
    expect(at(100)).toBe(0);
    expect(at(1000)).toBeCloseTo(0.5);
    expect(at(10_000)).toBe(1);
  });

  it('should place a linear axis evenly', () => {
    expect(axisPosition('linear', 0, 2)(0.5)).toBe(0.25);
  });
});

describe('yRange and yTicks', () => {
  const panel = (yScale: 'log' | 'linear', ys: number[], yInclude?: number[]): ChartPanel => ({
    title: '',
    xLabel: '',
    yLabel: '',
    xScale: 'log',
    yScale,
    xTicks: [1, 10],
    formatX: String,
    formatY: String,
    ...(yInclude ? { yInclude } : {}),
    series: [{ name: 'a', color: '#000', points: ys.map((y, i) => ({ x: 10 ** i, y })) }],
  });

  it('should widen a log range to whole decades and tick each one', () => {
    expect(yRange(panel('log', [150, 42_000]))).toEqual([100, 100_000]);
    expect(yTicks('log', 100, 100_000)).toEqual([100, 1000, 10_000, 100_000]);
  });

  it('should start a linear range at 0 and end it on a round figure', () => {
    expect(yRange(panel('linear', [0.13, 0.74], [0]))).toEqual([0, 0.8]);
    expect(yTicks('linear', 0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('escapeXml', () => {
  it('should escape what would break the markup', () => {
    expect(escapeXml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });
});
