// The report's rows and sections for the WebSocket benchmarks: CPU per tick, 10,000 subscribers, the soak
// and the Kaazing table (whose own file holds the table itself).
import { formatBytes, formatCount } from '../../../../lib/format/format-bytes';
import { CLUSTER_EFFICIENCY_TARGET, type ClusterRun, type ClusterThroughputResult } from '../benchmarks/cluster-throughput';
import type { KaazingResult } from '../benchmarks/kaazing';
import { percentOfCore } from './kaazing-table';
import type { Outcome } from './results-table';
import { SOAK_SLOPE_TARGET, type SoakResult } from '../benchmarks/soak';
import { CONTENDERS, type CpuRun, type PushCpuResult } from '../benchmarks/push-cpu';
import {
  MIN_TICKS_PER_VIEWER_SECOND,
  WS_MEMORY_TARGET,
  WS_SCALE_CORES_TARGET,
  type ScaleRun,
  type WebSocketScaleResult,
} from '../benchmarks/websocket-scale';

export interface WebSocketOutcomes {
  readonly cpu: Outcome<PushCpuResult> | undefined;
  readonly scale: Outcome<WebSocketScaleResult> | undefined;
  readonly soak: Outcome<SoakResult> | undefined;
  readonly kaazing: Outcome<KaazingResult> | undefined;
  readonly cluster: Outcome<ClusterThroughputResult> | undefined;
}

const verdict = (pass: boolean) => (pass ? '**PASS**' : '**FAIL**');
const firstLine = (text: string) => text.split('\n')[0] ?? text;
const micros = (n: number) => `${n.toFixed(2)} µs`;
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}%`;
const problemText = (problems: readonly string[]) => (problems.length ? problems.join('; ') : 'none');

function didNotRun(what: string, error: string, requirement: string): string {
  return `| ${what} | did not run: ${firstLine(error)} | ${requirement} | — |`;
}

export function webSocketRows(o: WebSocketOutcomes): string[] {
  const rows: string[] = [];
  if (o.cpu?.ran) {
    const r = o.cpu.result;
    for (const v of r.verdicts) {
      const name = `Server CPU per delivered tick, ${CONTENDERS[v.contender].label} ÷ ${CONTENDERS[v.baseline].label}, ${formatCount(r.viewers)} viewers at 10 ticks/s`;
      const measured = `${v.ratio.toFixed(2)}× (${micros(v.contenderMicros)} ÷ ${micros(v.baselineMicros)})`;
      rows.push(`| ${name} | ${measured} | ≤ ${v.max}× | ${verdict(v.pass)} |`);
    }
  } else if (o.cpu) rows.push(didNotRun('Server CPU per delivered tick, each push mode ÷ its baseline', o.cpu.error, 'see docs/benchmarks.md'));
  if (o.scale?.ran) {
    const r = o.scale.result;
    const s = r.socketio;
    rows.push(
      `| ${formatCount(s.viewers)} Socket.IO subscribers at 10 ticks/s: ticks missed and failures; ticks received per viewer | ${s.problems.length ? problemText(s.problems) : '0'} (${formatCount(s.connected)} connected); ${s.ticksPerViewerSecond.toFixed(1)}/s | 0; ≥ ${MIN_TICKS_PER_VIEWER_SECOND}/s | ${verdict(r.deliveryPass)} |`,
      `| … server CPU, while delivering ≥ ${MIN_TICKS_PER_VIEWER_SECOND} ticks/s to each | ${percentOfCore(s.serverCores)} of a core at ${s.ticksPerViewerSecond.toFixed(1)} ticks/s each; ` +
        `10 ticks/s at ${micros(s.microsPerTick)} a tick would take ${r.coresAtFullRate.toFixed(2)} cores | ≤ ${percentOfCore(WS_SCALE_CORES_TARGET)} | ${verdict(r.coresPass)} |`,
      `| … memory (RSS) per subscriber, Socket.IO ÷ raw ws | ${r.memoryRatio.toFixed(2)}× (${formatBytes(s.memory.rssBytes)} ÷ ${formatBytes(r.raw.memory.rssBytes)}) | ≤ ${WS_MEMORY_TARGET}× | ${verdict(r.memoryPass)} |`,
    );
  } else if (o.scale) rows.push(didNotRun('10,000 Socket.IO subscribers', o.scale.error, '0 gaps, ≤ 1 core, ≤ 1.4× memory'));
  if (o.soak?.ran) {
    const r = o.soak.result;
    rows.push(
      `| Soak, ${r.minutes} min, ${formatCount(r.subscribers)} subscribers + ${formatCount(r.pollers)} pollers: live memory slope per 10 min; errors and gaps | ${signed(r.liveSlopePercent)}; ${problemText([...r.problems, ...(r.serverErrors ? ['server stderr not empty'] : [])])} | < ${SOAK_SLOPE_TARGET}%; none | ${verdict(r.pass)} |`,
    );
  } else if (o.soak) rows.push(didNotRun('Soak', o.soak.error, `< ${SOAK_SLOPE_TARGET}%`));
  if (o.kaazing?.ran) {
    const polling = o.kaazing.result.cells.filter((c) => c.mode === 'polling');
    const lastKept = polling.filter((c) => c.figures && c.figures.saturated.length === 0).at(-1);
    rows.push(
      `| Quantum Leap table (see [kaazing.md](kaazing.md)) | polling every 1 s kept up to ${lastKept ? formatCount(lastKept.viewers) : 'no'} viewers | a measured table and plot | — |`,
    );
  } else if (o.kaazing) rows.push(didNotRun('Quantum Leap table', o.kaazing.error, 'a measured table and plot'));
  const clusterName = 'Messages per CPU-second, two processes on Redis ÷ one alone';
  if (o.cluster?.ran) {
    const r = o.cluster.result;
    rows.push(
      `| ${clusterName}, ${formatCount(r.viewers)} subscribers | ${r.ratio.toFixed(2)}× (${formatCount(r.two.perCpuSecond)} ÷ ${formatCount(r.one.perCpuSecond)}) | ≥ ${CLUSTER_EFFICIENCY_TARGET}× | ${verdict(r.pass)} |`,
    );
  } else if (o.cluster) rows.push(didNotRun(clusterName, o.cluster.error, `≥ ${CLUSTER_EFFICIENCY_TARGET}×`));
  return rows;
}

function clusterLine(run: ClusterRun): string {
  const cpu = (micros: number) => `${(micros / 1000 / run.seconds / 10).toFixed(1)} %`;
  return `| ${run.processes} | ${formatCount(run.messages / run.seconds)} | ${cpu(run.serverCpuMicros)} | ${run.processes > 1 ? cpu(run.redisCpuMicros) : '—'} | ${formatCount(run.perCpuSecond)} | ${problemText(run.problems)} |`;
}

function clusterDetail(r: ClusterThroughputResult): string[] {
  return [
    '### Two processes on Redis against one',
    '',
    `${formatCount(r.viewers)} Socket.IO subscribers at 10 ticks/s: first on one server process alone, then half on each of two processes sharing the market ` +
      `through a fresh redis-server (one leads, the other replays its ticks; ticks fan out through the Socket.IO Redis Streams adapter). After every viewer ` +
      `connected and 3 s of steady load, the ticks the viewers counted over ${r.windowSeconds} s are divided by the CPU time of every process that served them: ` +
      'the servers (process.cpuUsage, from inside) and, for two, redis-server (/proc). CPU is in % of one core over the window.',
    '',
    "| processes | messages/s | servers' CPU | Redis CPU | messages per CPU-second | problems |",
    '| --- | --- | --- | --- | --- | --- |',
    clusterLine(r.one),
    clusterLine(r.two),
    '',
  ];
}

function cpuLine(run: CpuRun | ScaleRun): string {
  return `${micros(run.microsPerTick)} | ${percentOfCore(run.serverCores)} | ${formatCount(run.ticks / run.seconds)} | ${percentOfCore(run.workerCores)} | ${problemText(run.problems)}`;
}

function cpuDetail(r: PushCpuResult): string[] {
  return [
    '### Server CPU per delivered tick: each push mode against its baselines',
    '',
    `${formatCount(r.viewers)} viewers of one server process at 10 ticks/s (20 symbols), split over two load-worker processes, every viewer of this server naming a tab ` +
      "as a page does (so its bytes are metered and booked). The same tick text from every server: a plain WebSocket frame of it (raw ws, this server's WebSocket), " +
      'Socket.IO\'s 7-byte `42["t",…]` envelope around it, or an SSE event (`id:` and `data:` lines). After every viewer connected and 3 s of steady load, the server\'s own CPU time ' +
      `(user + system, process.cpuUsage in the server process) over ${r.windowSeconds} s is divided by the ticks its viewers counted in the same ${r.windowSeconds} s. ` +
      `${r.rounds.length} rounds, each server in a fresh process, the order reversed every other round; each ratio is of the medians. "Socket.IO as it comes" ` +
      '(`stock-socket-io-server-child.ts`) is the same protocol on Socket.IO with its defaults and nothing of this project (no metering, no pre-encoding): ' +
      "it shows how much of Socket.IO's ratio is Socket.IO's own and how much this server adds.",
    '',
    "| Round | Server | CPU per tick | server CPU | ticks delivered/s | load workers' CPU | viewer problems |",
    '|--:|---|--:|--:|--:|--:|---|',
    ...r.rounds.flatMap((round, i) =>
      r.contenders.flatMap((name) => {
        const run = round[name];
        return run ? [`| ${i + 1} | ${run.label} | ${cpuLine(run)} |`] : [];
      }),
    ),
    '',
    ...r.verdicts.map(
      (v) =>
        `- ${CONTENDERS[v.contender].label} ÷ ${CONTENDERS[v.baseline].label}: ${v.ratio.toFixed(2)}× (per round ${v.perRound.map((x) => x.toFixed(2)).join(' · ')}), target ≤ ${v.max}×: ${v.pass ? 'PASS' : 'FAIL'}.`,
    ),
  ];
}

function scaleDetail(r: WebSocketScaleResult): string[] {
  const row = (run: ScaleRun) =>
    `| ${run.label} | ${formatCount(run.connected)} of ${formatCount(run.viewers)} | ${run.rampSeconds.toFixed(1)} s | ${run.ticksPerViewerSecond.toFixed(1)} | ${cpuLine(run)} | ${formatBytes(run.memory.rssBytes)} | ${formatBytes(run.memory.liveBytes)} | ${formatCount(run.latencyP99Ms)} ms |`;
  return [
    `### ${formatCount(r.socketio.viewers)} subscribers on one server process`,
    '',
    "Each server in a fresh process, raw ws first. Memory per subscriber: the server's growth from idle (market running, no viewer) to every viewer connected, " +
      "both sampled right after a full garbage collection, divided by the viewers connected. RSS is what the machine pays and the verdict's figure; live is " +
      `JS heap used plus \`external\` (Buffers), shown beside it (ratio ${r.liveMemoryRatio.toFixed(2)}×). CPU over a ${r.windowSeconds} s window after a 3 s warm-up, as above. ` +
      'Ticks missed and failures are counted over the whole run, ramp-up and close included.',
    '',
    "| Server | connected | ramp-up | ticks per viewer per second | CPU per tick | server CPU | ticks delivered/s | load workers' CPU | viewer problems | RSS per viewer | live heap per viewer | p99 tick age |",
    '|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|',
    row(r.socketio),
    row(r.raw),
    '',
    `CPU per delivered tick at this size, Socket.IO ÷ raw ws: ${(r.socketio.microsPerTick / r.raw.microsPerTick).toFixed(2)}×.`,
  ];
}

function soakDetail(r: SoakResult): string[] {
  const t = r.final.modes;
  return [
    `### Soak: ${r.minutes} min`,
    '',
    `${formatCount(r.subscribers)} Socket.IO subscribers and ${formatCount(r.pollers)} pollers (every ${formatCount(r.intervalMs)} ms) on one server process for ${r.minutes} min ` +
      `after all connected; the server sampled every second right after a full garbage collection. Slope: the least-squares line through the samples after a ${r.warmupSeconds} s warm-up ` +
      `(${formatCount(r.samples)} samples), per 10 minutes, as a percentage of their mean.`,
    '',
    '| Memory | mean | slope per 10 min |',
    '|---|--:|--:|',
    `| live (heap used + external), the verdict | ${formatBytes(r.liveMeanBytes)} | ${signed(r.liveSlopePercent)} |`,
    `| RSS | ${formatBytes(r.rssMeanBytes)} | ${signed(r.rssSlopePercent)} |`,
    '',
    `Ticks delivered: ${formatCount(t.socketio.ticks)} to subscribers, ${formatCount(t.polling.ticks)} to pollers in ${formatCount(t.polling.requests)} polls. ` +
      `Viewer problems: ${problemText(r.problems)}. Server stderr: ${r.serverErrors ? `\`${firstLine(r.serverErrors)}\`` : 'empty'}. ` +
      `Server CPU over the soak (the GC every second included): ${percentOfCore(r.serverCores)} of a core.`,
  ];
}

export function webSocketDetails(o: WebSocketOutcomes): string[] {
  const sections: string[][] = [];
  if (o.cpu?.ran) sections.push(cpuDetail(o.cpu.result));
  if (o.scale?.ran) sections.push(scaleDetail(o.scale.result));
  if (o.soak?.ran) sections.push(soakDetail(o.soak.result));
  if (o.cluster?.ran) sections.push(clusterDetail(o.cluster.result));
  return sections.flatMap((section) => ['', ...section]);
}
