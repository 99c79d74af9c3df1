import type { BrowserRenderResult, ModeRender } from '../benchmarks/browser-render';
import type { MachineInfo } from './machine-info';
import { PAYLOAD_BYTES_PER_UPDATE_TARGET, WIRE_TO_PAYLOAD_TARGET, type PayloadSizeResult } from '../benchmarks/payload-size';
import { POLL_THROUGHPUT_TARGET, type PollRun, type PollThroughputResult } from '../benchmarks/poll-throughput';
import { median } from './statistics';
import { webSocketDetails, webSocketRows, type WebSocketOutcomes } from './websocket-report';

/** A benchmark's outcome: its result, or why it could not be measured. */
export type Outcome<T> = { readonly ran: true; readonly result: T } | { readonly ran: false; readonly error: string };

export interface BenchReport {
  readonly date: Date;
  readonly machine: MachineInfo;
  readonly chromium: string;
  readonly wrk: string;
  /** How the production build was obtained, e.g. "reused (the build is newer than every source)". */
  readonly build: string;
  readonly payload: Outcome<PayloadSizeResult> | undefined;
  readonly poll: Outcome<PollThroughputResult> | undefined;
  readonly browser: Outcome<BrowserRenderResult> | undefined;
  readonly webSockets: WebSocketOutcomes;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const verdict = (pass: boolean) => (pass ? '**PASS**' : '**FAIL**');
const firstLine = (text: string) => text.split('\n')[0] ?? text;

function modeName(mode: ModeRender): string {
  return `${mode.mode === 'socketio' ? 'Socket.IO' : 'Polling'} (${mode.transportShown})`;
}

function summaryRows(report: BenchReport): string[] {
  const rows: string[] = [];
  const { payload, poll, browser } = report;
  if (payload?.ran) {
    const r = payload.result;
    rows.push(
      `| Tick payload per symbol update, ${r.symbols} symbols, ${r.seeds.length} seeds | ${r.payloadBytesPerUpdate.toFixed(2)} B (${r.payloadBytesPerTick.toFixed(1)} B for ${r.updatesPerTick.toFixed(1)} updates a tick) | ≤ ${PAYLOAD_BYTES_PER_UPDATE_TARGET} B | ${verdict(r.payloadBytesPerUpdate <= PAYLOAD_BYTES_PER_UPDATE_TARGET)} |`,
      `| Socket.IO wire bytes per tick ÷ payload | ${r.wireToPayload.toFixed(3)}× (${r.wireBytesPerTick.toFixed(1)} B on the wire) | ≤ ${WIRE_TO_PAYLOAD_TARGET}× | ${verdict(r.wireToPayload <= WIRE_TO_PAYLOAD_TARGET)} |`,
    );
  } else if (payload) rows.push(`| Tick payload and Socket.IO wire bytes | did not run: ${firstLine(payload.error)} | — | — |`);
  if (poll?.ran) {
    const r = poll.result;
    rows.push(
      `| Polling endpoint req/s on the live path, ours ÷ bare node:http | ${r.ratio.toFixed(2)}× (${int(r.oursMedianRps)} ÷ ${int(r.bareMedianRps)}) | ≥ ${POLL_THROUGHPUT_TARGET.toFixed(2)}× | ${verdict(r.pass)} |`,
    );
  } else if (poll)
    rows.push(
      `| Polling endpoint req/s on the live path, ours ÷ bare node:http | did not run: ${firstLine(poll.error)} | ≥ ${POLL_THROUGHPUT_TARGET.toFixed(2)}× | — |`,
    );
  if (browser?.ran) {
    const seconds = browser.result.windowSeconds;
    for (const m of browser.result.modes) {
      const longest = m.longTaskMs.length ? `, longest ${ms(Math.max(...m.longTaskMs))}` : '';
      rows.push(
        `| Long tasks > 50 ms in ${seconds} s, ${modeName(m)} | ${m.longTaskMs.length}${longest} | 0 | ${verdict(m.longTaskMs.length === 0)} |`,
      );
    }
    for (const m of browser.result.modes) {
      rows.push(
        `| Rows touched whose price did not change, ${modeName(m)} | ${int(m.rowsTouchedWithoutMove)} of ${int(m.rowsTouched)} touched (${int(m.rowsRevertedInFrame)} more moved and came back within a frame) | 0 | ${verdict(m.rowsTouchedWithoutMove === 0)} |`,
      );
    }
  } else if (browser) rows.push(`| Browser, 100 symbols at 10 ticks/s | did not run: ${firstLine(browser.error)} | — | — |`);
  return rows;
}

function payloadDetail(r: PayloadSizeResult): string[] {
  return [
    '### Tick payload',
    '',
    `For each of ${r.seeds.length} seeds, a market of ${r.symbols} symbols, after ${int(r.ticksBefore)} ticks (an hour at 100 ms, so sequence numbers have their long-run size), ` +
      `then ${int(r.ticksMeasured)} ticks measured: the JSON of each tick as both transports carry it, and the server-to-client TCP payload of one ` +
      'subscribed socket.io-client WebSocket over the same ticks (frame header, Socket.IO envelope and the tick), as the wire ledger counts it. ' +
      "The verdicts are on all seeds' ticks together; per seed:",
    '',
    '| Seed | payload per update | wire ÷ payload |',
    '|--:|--:|--:|',
    ...r.seeds.map((x) => `| ${x.seed} | ${x.payloadBytesPerUpdate.toFixed(2)} B | ${x.wireToPayload.toFixed(3)}× |`),
  ];
}

function pollDetail(r: PollThroughputResult): string[] {
  const runs = (pick: (round: PollThroughputResult['rounds'][number]) => PollRun) => r.rounds.map(pick);
  const line = (name: string, list: readonly PollRun[]) =>
    `| ${name} | ${int(median(list.map((x) => x.wrk.requestsPerSecond)))} | ${list.map((x) => int(x.wrk.requestsPerSecond)).join(' · ')} | ` +
    `${median(list.map((x) => x.serverMicrosPerAnswer)).toFixed(2)} µs (${list.map((x) => x.serverMicrosPerAnswer.toFixed(1)).join(' · ')}) | ` +
    `${Math.round(median(list.map((x) => x.serverCores)) * 100)}% | ${median(list.map((x) => x.bytesPerAnswer)).toFixed(1)} B | ` +
    `${(median(list.map((x) => x.withTicks / x.answered)) * 100).toFixed(1)}% | ` +
    `${ms(median(list.map((x) => x.wrk.latencyP50Ms)))} / ${ms(median(list.map((x) => x.wrk.latencyP99Ms)))} |`;
  const perRound = r.rounds.map((x) => (x.ours.wrk.requestsPerSecond / x.bare.wrk.requestsPerSecond).toFixed(2)).join(' · ');
  const cpuRatio = r.bareMedianMicrosPerAnswer / r.oursMedianMicrosPerAnswer;
  return [
    `### Polling endpoint vs bare node:http`,
    '',
    `Ours is the server as \`npm start\` runs it, without the pages: 20 symbols, a tick every 100 ms, the default abuse limits. ` +
      `Every poll keeps up: \`GET /api/ticks?since=<newest seq any answer has shown>&epoch=<epoch>&tab=<id>\`, naming ${int(r.tabs)} tabs in turn ` +
      `(at most ${r.maxPollsPerTabPerSecond.toFixed(1)} polls a second per tab of ours; its limit is 30). The bare node:http server answers the same polls ` +
      `with the same bytes from the same market, and nothing else. Each server and wrk in its own process; ` +
      `\`wrk -t1 -c${r.connections} -d${r.durationSeconds}s\` with a Lua script, ${r.rounds.length} rounds, each with fresh processes of both servers (a process's speed is drawn when it starts) and one run of each, alternating which goes first, after a warm-up of each.`,
    '',
    '| Server | req/s (median) | req/s per round | server CPU per answer (median; per round) | server busy | bytes per answer | answers with a tick | latency p50 / p99 (median) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    line(
      'bare node:http',
      runs((x) => x.bare),
    ),
    line(
      'ours (createAppServer)',
      runs((x) => x.ours),
    ),
    '',
    `Ratio ours ÷ bare per round: ${perRound}. In server CPU per answer, bare ÷ ours: ${cpuRatio.toFixed(2)}× ` +
      '(what the ratio of requests per second would be if both servers had a core to themselves and wrk never made them wait).',
  ];
}

/** Which cells the wasted touches mutated, e.g. " (num price 7, spark-col 7)". */
function cellList(m: ModeRender): string {
  const cells = Object.entries(m.withoutMoveCells).map(([cell, count]) => `${cell} ${int(count)}`);
  return cells.length ? ` (${cells.join(', ')})` : '';
}

function browserDetail(b: BrowserRenderResult): string[] {
  return [
    `### Browser: 100 symbols, a tick every 100 ms, ${b.windowSeconds} s per transport`,
    '',
    '| Transport | long tasks > 50 ms | longest | frames/s | rows touched | rows whose price changed | touched, price same as last frame | … of which moved and came back | … of which never moved | long tasks before the window |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...b.modes.map(
      (m) =>
        `| ${modeName(m)} | ${m.longTaskMs.length} | ${m.longTaskMs.length ? ms(Math.max(...m.longTaskMs)) : '—'} | ${(m.frames / (m.windowMs / 1000)).toFixed(1)} | ${int(m.rowsTouched)} | ${int(m.rowsPriceChanged)} | ${int(m.rowsTouchedUnchanged)} | ${int(m.rowsRevertedInFrame)} | ${int(m.rowsTouchedWithoutMove)}${cellList(m)} | ${m.longTasksBefore} |`,
    ),
    '',
    'Rows are compared once per animation frame: "touched" means any DOM mutation under the row since the last frame, "changed" that its price text differs from the last frame\'s. ' +
      'A touched row with the same price as the last frame either moved and came back within the frame (two renders between frames, each a real move) or was touched by a render that did not change its price text at all: wasted work, and what the verdict counts. ' +
      'Long tasks before the window (page load, hydration, switching transport) are listed but not judged.',
  ];
}

/** The whole report as Markdown: the machine, the verdicts, then the figures behind them. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '## Benchmarks',
    '',
    `${report.date.toISOString()} · ${m.os} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB} GiB · Node ${m.node} · Chromium ${report.chromium} · ${report.wrk} · pages: ${report.build}`,
    '',
    '| Benchmark | Measured | Requirement | Verdict |',
    '|---|---|---|---|',
    ...summaryRows(report),
    ...webSocketRows(report.webSockets),
  ];
  if (report.payload?.ran) lines.push('', ...payloadDetail(report.payload.result));
  if (report.poll?.ran) lines.push('', ...pollDetail(report.poll.result));
  if (report.browser?.ran) lines.push('', ...browserDetail(report.browser.result));
  lines.push(...webSocketDetails(report.webSockets));
  return `${lines.join('\n')}\n`;
}
