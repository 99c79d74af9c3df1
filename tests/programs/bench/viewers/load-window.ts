import { perMode, type TransportMode } from '../../../../lib/protocol/transport-mode';
import type { FreshnessHistogram } from '../../../../lib/meter/freshness-histogram';
import type { LoadSample, LoadWorkers } from './load-workers';
import { coresBetween } from '../processes/process-sample';
import type { ServerProcess } from '../servers/server-process';

/** What one mode's viewers received in a window. */
export interface ModeWindow {
  /** Ticks delivered: each tick counted once per viewer that received it. */
  readonly ticks: number;
  readonly requests: number;
  /** Tick ages in the window, every worker's merged. */
  readonly latency: FreshnessHistogram;
}

/** A fixed stretch of a steady load: the servers' work and what the viewers got, between two samples. */
export interface LoadWindow {
  readonly seconds: number;
  /** CPU time of every server process together, in µs. */
  readonly serverCpuMicros: number;
  /** Cores the servers used on average (1 = one core busy all the time). */
  readonly serverCores: number;
  /** TCP payload both ways on every server's connections. */
  readonly serverBytes: number;
  /** Cores the load workers used together: what the viewers cost the shared machine. */
  readonly workerCores: number;
  readonly modes: Readonly<Record<TransportMode, ModeWindow>>;
  /** The workers' running totals at the end (gaps, failures, since the start). */
  readonly totals: LoadSample;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Samples every server and every worker at once, waits `seconds`, and samples them again. Asked at the
 * same moment, the processes answer within milliseconds of one another: at 10 ticks a second, a window
 * of 10 s or more is off by well under one tick per viewer.
 */
export async function measureWindow(servers: readonly ServerProcess[], workers: LoadWorkers, seconds: number): Promise<LoadWindow> {
  const [serverStart, loadStart] = await Promise.all([Promise.all(servers.map((s) => s.sample())), workers.mark()]);
  await sleep(seconds * 1000);
  const [serverEnd, loadEnd] = await Promise.all([Promise.all(servers.map((s) => s.sample())), workers.sample()]);
  let serverCpuMicros = 0;
  let serverBytes = 0;
  let serverCores = 0;
  serverStart.forEach((start, i) => {
    const end = serverEnd[i];
    if (!end) return;
    serverCpuMicros += end.cpuMicros - start.cpuMicros;
    serverBytes += end.bytesIn + end.bytesOut - start.bytesIn - start.bytesOut;
    serverCores += coresBetween(start, end);
  });
  const workerCores = loadStart.processes.reduce((sum, start, i) => {
    const end = loadEnd.processes[i];
    return end ? sum + coresBetween(start, end) : sum;
  }, 0);
  const first = serverStart[0];
  const last = serverEnd[0];
  const mode = (m: TransportMode): ModeWindow => ({
    ticks: loadEnd.modes[m].ticks - loadStart.modes[m].ticks,
    requests: loadEnd.modes[m].requests - loadStart.modes[m].requests,
    latency: loadEnd.modes[m].latency,
  });
  return {
    seconds: first && last ? (last.atMs - first.atMs) / 1000 : seconds,
    serverCpuMicros,
    serverCores,
    serverBytes,
    workerCores,
    modes: perMode(mode),
    totals: loadEnd,
  };
}
