import { formatBytes, formatCount } from '../../../../lib/format/format-bytes';
import { TRANSPORT_MODES } from '../../../../lib/protocol/transport-mode';
import type { KaazingFigures, KaazingMode, KaazingResult } from '../benchmarks/kaazing';
import { KAAZING_MODE_LABELS, percentOfCore } from './kaazing-table';
import { renderChart, type ChartPanel, type ChartSeries } from './svg-chart';

const COLORS: Readonly<Record<KaazingMode, string>> = {
  socketio: '#1f6feb',
  websocket: '#8250df',
  sse: '#1a7f37',
  longpolling: '#bf8700',
  polling: '#d1242f',
};
const PANEL_WIDTH = 640;
const HEIGHT = 460;

const shortCount = (n: number) => (n >= 1000 ? `${formatCount(n / 1000)}k` : formatCount(n));

function series(result: KaazingResult, mode: KaazingMode, value: (f: KaazingFigures) => number): ChartSeries {
  const cells = result.cells.filter((c) => c.mode === mode);
  const points = cells.flatMap((c) => (c.figures ? [{ x: c.viewers, y: value(c.figures), open: c.figures.saturated.length > 0 }] : []));
  const notRun = cells.find((c) => !c.figures);
  return {
    name: KAAZING_MODE_LABELS[mode],
    color: COLORS[mode],
    points,
    ...(notRun ? { endMarker: { x: notRun.viewers, label: 'saturated' } } : {}),
  };
}

/**
 * Two panels over the viewer count (log): the server's bytes per second (log) and its CPU (linear), a
 * line per mode. A saturated load is a hollow point; a load not run because its mode saturated before it,
 * a cross.
 */
export function kaazingPlot(result: KaazingResult, caption: string): string {
  const viewers = [...new Set(result.cells.map((c) => c.viewers))];
  const modes = TRANSPORT_MODES.filter((m) => result.cells.some((c) => c.mode === m));
  const every = (value: (f: KaazingFigures) => number) => modes.map((m) => series(result, m, value));
  const common = { xLabel: 'viewers (log scale)', xScale: 'log', xTicks: viewers, formatX: shortCount } as const;
  const panels: ChartPanel[] = [
    {
      ...common,
      title: 'Server traffic',
      yLabel: 'bytes per second, both ways (log scale)',
      yScale: 'log',
      formatY: (y) => `${formatBytes(y)}/s`,
      series: every((f) => f.bytesPerSecond),
    },
    {
      ...common,
      title: 'Server CPU',
      yLabel: 'share of one core',
      yScale: 'linear',
      formatY: percentOfCore,
      yInclude: [0, 1],
      series: every((f) => f.serverCores),
    },
  ];
  return renderChart(panels, PANEL_WIDTH, HEIGHT, caption);
}
