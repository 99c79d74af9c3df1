import { TRANSPORT_DELIVERY, TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';
import { formatBytes, formatCount } from '../../../lib/format/format-bytes';
import { formatMilliseconds } from '../../../lib/format/format-milliseconds';
import type { LoadRun, LoadTallies } from './load-generator';
import type { ModeTally } from './mode-tally';

/**
 * The one-line-a-second progress of a run: viewers connected per mode, what arrived in the last second,
 * gaps so far and the last second's p99 latency. It keeps the previous counts to turn totals into rates.
 */
export class ProgressLine {
  #previousElapsedMs = 0;
  readonly #previousByMode = new Map<ModeTally, { ticks: number; requests: number }>();

  line(tallies: LoadTallies, elapsedMs: number): string {
    const seconds = Math.max(0.001, (elapsedMs - this.#previousElapsedMs) / 1000);
    this.#previousElapsedMs = elapsedMs;
    const modes = TRANSPORT_MODES.map((mode) => tallies[mode])
      .filter((tally) => tally.viewers > 0)
      .map((tally) => {
        const before = this.#previousByMode.get(tally) ?? { ticks: 0, requests: 0 };
        this.#previousByMode.set(tally, { ticks: tally.ticks, requests: tally.requests });
        const perSecond = (now: number, then: number) => formatCount((now - then) / seconds);
        return (
          `${TRANSPORT_LABELS[tally.mode]} ${formatCount(tally.connected)}/${formatCount(tally.viewers)}, ` +
          `${perSecond(tally.ticks, before.ticks)} ticks/s, ${perSecond(tally.requests, before.requests)} req/s, ` +
          `p99 ${formatMilliseconds(tally.latencyThisSecond.percentile(99))}`
        );
      });
    const gaps = TRANSPORT_MODES.reduce((sum, mode) => sum + tallies[mode].gaps, 0);
    return `${(elapsedMs / 1000).toFixed(0).padStart(4)} s · ${modes.join(' · ')} · gaps ${formatCount(gaps)}`;
  }
}

/** The counts problemsOf reads: a ModeTally's, or the same figures summed over load worker processes. */
export type ModeTroubles = Pick<ModeTally, 'failed' | 'dropped' | 'starved' | 'gaps' | 'duplicates'>;

/** What went wrong in a run, one phrase per kind of trouble; empty when every viewer saw every tick. */
export function problemsOf(run: { readonly tallies: Readonly<Record<TransportMode, ModeTroubles>> }): string[] {
  const problems: string[] = [];
  for (const mode of TRANSPORT_MODES) {
    const tally = run.tallies[mode];
    const label = TRANSPORT_LABELS[mode];
    const count = (n: number, what: string) => {
      if (n > 0) problems.push(`${label}: ${formatCount(n)} ${what}`);
    };
    count(tally.failed, 'viewers failed to connect');
    count(tally.dropped, TRANSPORT_DELIVERY[mode] === 'push' ? 'connections lost' : 'polls failed');
    count(tally.starved, 'viewers received no tick');
    count(tally.gaps, 'ticks missing (gaps)');
    count(tally.duplicates, 'duplicate ticks');
  }
  return problems;
}

const ROWS: readonly (readonly [label: string, value: (tally: ModeTally) => string])[] = [
  ['viewers', (t) => formatCount(t.viewers)],
  ['connected', (t) => formatCount(t.connected)],
  ['failed', (t) => formatCount(t.failed)],
  ['lost (connections / polls)', (t) => formatCount(t.dropped)],
  ['received no tick', (t) => formatCount(t.starved)],
  ['ticks received', (t) => formatCount(t.ticks)],
  ['gaps (ticks missing)', (t) => formatCount(t.gaps)],
  ['duplicates', (t) => formatCount(t.duplicates)],
  ['requests', (t) => formatCount(t.requests)],
  ['bytes received', (t) => formatBytes(t.bytesReceived)],
  ['latency p50', (t) => formatMilliseconds(t.latency.percentile(50))],
  ['latency p99', (t) => formatMilliseconds(t.latency.percentile(99))],
  ['latency max', (t) => formatMilliseconds(t.latency.percentile(100))],
];

/** The end-of-run table, a row per figure and a column per mode (every mode, with viewers or not), with the verdict under it. */
export function summaryTable(run: LoadRun, url: URL): string {
  const header = ['', ...TRANSPORT_MODES.map((mode) => TRANSPORT_LABELS[mode])];
  const rows = [header, ...ROWS.map(([label, value]) => [label, ...TRANSPORT_MODES.map((mode) => value(run.tallies[mode]))])];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   '),
  );
  const problems = problemsOf(run);
  const ran = `${(run.elapsedMs / 1000).toFixed(1)} s against ${url.origin}${run.interrupted ? ' (interrupted)' : ''}`;
  return [ran, '', ...lines, '', problems.length === 0 ? 'OK: every viewer saw every tick once.' : `FAILED: ${problems.join('; ')}`].join('\n');
}
