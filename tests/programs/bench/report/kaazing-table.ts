import { formatBytes, formatCount } from '../../../../lib/format/format-bytes';
import { formatMilliseconds } from '../../../../lib/format/format-milliseconds';
import { TRANSPORT_LABELS, TRANSPORT_MODES } from '../../../../lib/protocol/transport-mode';
import type { KaazingCell, KaazingMode, KaazingResult } from '../benchmarks/kaazing';
import type { MachineInfo } from './machine-info';

export const KAAZING_MODE_LABELS: Readonly<Record<KaazingMode, string>> = { ...TRANSPORT_LABELS, polling: 'Polling every 1 s' };

export const percentOfCore = (cores: number) => `${Math.round(cores * 100)}%`;

function cellText(cell: KaazingCell | undefined): string[] {
  const figures = cell?.figures;
  if (!figures) return [cell?.unmeasured === undefined ? 'not run: saturated at a smaller load' : `saturated: ${cell.unmeasured}`, '', '', ''];
  const mark = figures.saturated.length > 0 ? ' (saturated)' : '';
  return [
    `${formatBytes(figures.bytesPerSecond)}/s${mark}`,
    formatCount(figures.requestsPerSecond),
    percentOfCore(figures.serverCores),
    formatMilliseconds(figures.p99Ms),
  ];
}

function find(cells: readonly KaazingCell[], mode: KaazingMode, viewers: number): KaazingCell | undefined {
  return cells.find((c) => c.mode === mode && c.viewers === viewers);
}

/** The table: for each viewer count a row per mode, with its four figures; then why cells saturated. */
export function kaazingTable(result: KaazingResult): string[] {
  const viewers = [...new Set(result.cells.map((c) => c.viewers))];
  const modes = TRANSPORT_MODES.filter((m) => result.cells.some((c) => c.mode === m));
  const lines = ['| Viewers | Mode | server bytes/s | requests/s | server CPU | p99 tick age |', '|--:|---|--:|--:|--:|--:|'];
  for (const n of viewers) {
    for (const m of modes) lines.push(`| ${formatCount(n)} | ${KAAZING_MODE_LABELS[m]} | ${cellText(find(result.cells, m, n)).join(' | ')} |`);
  }
  const reasons = result.cells.filter((c) => (c.figures?.saturated.length ?? 0) > 0);
  if (reasons.length > 0) {
    lines.push('');
    for (const c of reasons) {
      const f = c.figures;
      if (!f) continue;
      // The load workers share the cores with the server: their CPU says whether the viewers, not the server, ran out.
      lines.push(
        `- ${KAAZING_MODE_LABELS[c.mode]} at ${formatCount(c.viewers)} viewers saturated: ${f.saturated.join('; ')} ` +
          `(server ${percentOfCore(f.serverCores)}, load workers ${percentOfCore(f.workerCores)} of a core).`,
      );
    }
  }
  return lines;
}

/** The whole results file: where and when it was measured, the table, and how to read it. */
export function kaazingMarkdown(result: KaazingResult, machine: MachineInfo, date: Date): string {
  const m = machine;
  const workers = result.cells.filter((c) => c.figures).map((c) => c.figures?.workerCores ?? 0);
  return [
    '## The Quantum Leap table, measured',
    '',
    `${date.toISOString()} · ${m.os} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB} GiB · Node ${m.node}`,
    '',
    ...kaazingTable(result),
    '',
    `Each cell: a fresh server process (this project's, 20 symbols, a tick every 100 ms), the viewers of one mode opened by two load-worker processes on the same machine, ` +
      `each naming a tab as a page does, then a ${result.windowSeconds} s window. Server bytes/s: TCP payload both ways on all the server's connections. Requests/s: HTTP requests the viewers made in the window ` +
      `(a Socket.IO, WebSocket or Server-Sent Events viewer makes one, its upgrade or its stream's request, before the window; a long poller asks again as soon as it is answered). ` +
      `Server CPU: user + system time of the server process over the window, as a share of one core. ` +
      `p99 tick age: arrival at the viewer minus the tick's server timestamp. Polling every ${result.intervalMs} ms. ` +
      `The load workers used ${percentOfCore(Math.min(...workers))}–${percentOfCore(Math.max(...workers))} of a core together, on the same ${m.cores} cores.`,
    '',
    'A cell is saturated when the server uses 90% of a core or more, the viewers get less than 90% of what they asked for (polls for polling, ' +
      'every tick for the others), the p99 tick age is over 1.5 poll intervals, or any viewer failed, lost its connection or missed a tick. ' +
      'A cell whose viewers have not all connected 180 s after the first one opened is saturated before its window and has no figures. ' +
      'Each mode stops at its first saturated load.',
    '',
  ].join('\n');
}
