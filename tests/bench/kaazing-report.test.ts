import { describe, expect, it } from 'vitest';
import type { KaazingFigures, KaazingResult } from '../programs/bench/benchmarks/kaazing';
import { kaazingPlot } from '../programs/bench/report/kaazing-plot';
import { kaazingTable } from '../programs/bench/report/kaazing-table';

const figures = (bytesPerSecond: number, serverCores: number, saturated: string[] = []): KaazingFigures => ({
  bytesPerSecond,
  requestsPerSecond: 0,
  ticksPerSecond: 0,
  serverCores,
  p99Ms: 20,
  workerCores: 0.5,
  saturated,
});

const result: KaazingResult = {
  intervalMs: 1000,
  windowSeconds: 10,
  cells: [
    { mode: 'socketio', viewers: 100, figures: figures(150_000, 0.02) },
    { mode: 'socketio', viewers: 1000, figures: figures(1_500_000, 0.15) },
    { mode: 'polling', viewers: 100, figures: { ...figures(200_000, 0.05), requestsPerSecond: 100, p99Ms: 1012 } },
    { mode: 'polling', viewers: 1000, figures: figures(2_000_000, 0.95, ['server CPU 95% of a core']) },
  ],
};
const withNotRun: KaazingResult = {
  ...result,
  cells: [
    ...result.cells,
    { mode: 'socketio', viewers: 5000, figures: figures(7_500_000, 0.6) },
    { mode: 'polling', viewers: 5000, figures: undefined },
  ],
};
const withUnmeasured: KaazingResult = {
  ...result,
  cells: [
    { mode: 'socketio', viewers: 100, figures: figures(150_000, 0.02) },
    { mode: 'socketio', viewers: 1000, figures: undefined, unmeasured: '120 of 1,000 viewers were still connecting after 180 s' },
    { mode: 'socketio', viewers: 5000, figures: undefined },
  ],
};

describe('kaazingTable', () => {
  it('should put a row per viewer count and mode, in the order the modes are offered', () => {
    const lines = kaazingTable(result);
    expect(lines[0]).toBe('| Viewers | Mode | server bytes/s | requests/s | server CPU | p99 tick age |');
    expect(lines.slice(2, 4)).toEqual([
      '| 100 | Socket.IO | 150 KB/s | 0 | 2% | 20 ms |',
      '| 100 | Polling every 1 s | 200 KB/s | 100 | 5% | 1,012 ms |',
    ]);
  });

  it('should mark the saturated cell, say why, and say which loads were not run', () => {
    const lines = kaazingTable(withNotRun);
    expect(lines[5]).toContain('2.00 MB/s (saturated)');
    expect(lines.slice(6, 8)).toEqual([
      '| 5,000 | Socket.IO | 7.50 MB/s | 0 | 60% | 20 ms |',
      '| 5,000 | Polling every 1 s | not run: saturated at a smaller load |  |  |  |',
    ]);
    expect(lines.at(-1)).toBe(
      '- Polling every 1 s at 1,000 viewers saturated: server CPU 95% of a core (server 95%, load workers 50% of a core).',
    );
  });

  it('should say why a load that was run has no figures, apart from the loads not run after it', () => {
    const lines = kaazingTable(withUnmeasured);
    expect(lines.slice(3, 5)).toEqual([
      '| 1,000 | Socket.IO | saturated: 120 of 1,000 viewers were still connecting after 180 s |  |  |  |',
      '| 5,000 | Socket.IO | not run: saturated at a smaller load |  |  |  |',
    ]);
  });
});

describe('kaazingPlot', () => {
  const svg = kaazingPlot(withNotRun, 'a caption & more');

  it('should be one SVG document with its text escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a caption &amp; more');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('should label both axes with their units and scales, and the viewer counts', () => {
    expect(svg).toContain('viewers (log scale)');
    expect(svg).toContain('bytes per second, both ways (log scale)');
    expect(svg).toContain('share of one core');
    for (const label of ['>100<', '>1k<', '>5k<']) expect(svg).toContain(label);
  });

  it('should draw a line per mode in each panel, and mark where polling was not run', () => {
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg).toContain('saturated ✕');
    // The saturated polling load is drawn hollow, twice (one per panel).
    expect(svg.match(/fill="#fff" stroke="#d1242f"/g)).toHaveLength(2);
  });
});
