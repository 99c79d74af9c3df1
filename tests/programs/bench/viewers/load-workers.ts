import { formatCount } from '../../../../lib/format/format-bytes';
import { perMode, TRANSPORT_MODES, type TransportMode } from '../../../../lib/protocol/transport-mode';
import { FreshnessHistogram } from '../../../../lib/meter/freshness-histogram';
import { addEncodedFreshness } from '../../../../lib/meter/freshness-histogram-codec';
import { startChild, tsxArgs } from '../processes/child-process';
import { CommandChannel } from '../processes/command-channel';
import { withFdLimit, type FdLimits } from '../processes/fd-limit';
import type { ModeFigures, WorkerPlan, WorkerSample } from './load-worker-child';
import type { ProcessSample } from '../processes/process-sample';

export interface LoadWorkersPlan {
  /** The servers; worker i loads servers[i % servers.length], so two servers share the workers evenly. */
  readonly urls: readonly URL[];
  /** Viewers of each mode, over all the workers. */
  readonly viewers: Readonly<Record<TransportMode, number>>;
  readonly rawWebSockets: boolean;
  readonly intervalMs: number;
  /** Worker processes; the machine's cores, so the viewers are not the bottleneck of a 2-core machine. */
  readonly workers: number;
  readonly maxDurationMs: number;
  readonly limits: FdLimits;
}

/** One mode over every worker: counters summed, latencies (since the last mark) merged. */
export type MergedModeFigures = Omit<ModeFigures, 'latency'> & { readonly latency: FreshnessHistogram };

export interface LoadSample {
  /** Each worker's own sample, for their CPU. */
  readonly processes: readonly ProcessSample[];
  readonly modes: Readonly<Record<TransportMode, MergedModeFigures>>;
}

export interface LoadWorkers {
  sample(): Promise<LoadSample>;
  /** A sample, and the start of a new latency window in every worker. */
  mark(): Promise<LoadSample>;
  /** Resolves once every viewer has connected or failed; rejects after `timeoutMs`. */
  settled(timeoutMs: number): Promise<LoadSample>;
  /** Closes every viewer and returns the final figures; the workers then exit. Once only: later calls get the same. */
  stop(): Promise<LoadSample>;
}

const BATCH = 200;
const START_TIMEOUT_MS = 30_000;
const SETTLE_POLL_MS = 500;

/** Viewers of every mode together. */
export function totalViewers(viewers: Readonly<Record<TransportMode, number>>): number {
  return TRANSPORT_MODES.reduce((sum, mode) => sum + viewers[mode], 0);
}

/** Splits `total` into `parts` whole shares that differ by at most one. */
export function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export function mergeSamples(samples: readonly WorkerSample[]): LoadSample {
  const merge = (mode: TransportMode): MergedModeFigures => {
    const latency = new FreshnessHistogram();
    const sum = (pick: (figures: ModeFigures) => number) => samples.reduce((total, s) => total + pick(s.modes[mode]), 0);
    for (const s of samples) if (s.modes[mode].latency) addEncodedFreshness(latency, s.modes[mode].latency);
    return {
      viewers: sum((f) => f.viewers),
      connected: sum((f) => f.connected),
      failed: sum((f) => f.failed),
      dropped: sum((f) => f.dropped),
      starved: sum((f) => f.starved),
      ticks: sum((f) => f.ticks),
      gaps: sum((f) => f.gaps),
      duplicates: sum((f) => f.duplicates),
      requests: sum((f) => f.requests),
      latency,
    };
  };
  return { processes: samples.map((s) => s.process), modes: perMode(merge) };
}

/** Viewers still connecting when the load was to have settled: the server could not take them all in time. */
export class StillConnecting extends Error {
  constructor(open: number, viewers: number, timeoutMs: number) {
    super(`${formatCount(open)} of ${formatCount(viewers)} viewers were still connecting after ${timeoutMs / 1000} s`);
    this.name = 'StillConnecting';
  }
}

/** Starts the workers; they open their viewers in batches at once, and run until stopped. */
export async function startLoadWorkers(plan: LoadWorkersPlan): Promise<LoadWorkers> {
  const viewerShares = perMode((mode) => shares(plan.viewers[mode], plan.workers));
  const channels: CommandChannel[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    for (let i = 0; i < plan.workers; i++) {
      const url = plan.urls[i % plan.urls.length];
      if (!url) throw new Error('no server to load');
      const workerPlan: WorkerPlan = {
        url: url.href,
        viewers: perMode((mode) => viewerShares[mode][i] ?? 0),
        rawWebSockets: plan.rawWebSockets,
        intervalMs: plan.intervalMs,
        batch: BATCH,
        maxDurationMs: plan.maxDurationMs,
      };
      const sockets = totalViewers(workerPlan.viewers);
      const [command, args] = withFdLimit(
        process.execPath,
        tsxArgs('tests/programs/bench/viewers/load-worker-child.ts', [JSON.stringify(workerPlan)]),
        sockets,
        plan.limits,
      );
      const child = await startChild(command, args, { ready: /^READY$/m, timeoutMs: START_TIMEOUT_MS, keepStdinOpen: true });
      stops.push(() => child.stop());
      channels.push(new CommandChannel(child.stdin, child.stdout, `load worker ${i + 1}`));
    }
  } catch (error) {
    await Promise.all(stops.map((stop) => stop()));
    throw error;
  }
  let stopping: Promise<LoadSample> | undefined;
  const all = async (command: string) => mergeSamples(await Promise.all(channels.map((c) => c.request<WorkerSample>(command))));
  return {
    sample: () => all('sample'),
    mark: () => all('mark'),
    async settled(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const now = await all('sample');
        const open = TRANSPORT_MODES.reduce((n, mode) => n + now.modes[mode].viewers - now.modes[mode].connected - now.modes[mode].failed, 0);
        if (open === 0) return now;
        if (performance.now() > deadline) throw new StillConnecting(open, totalViewers(plan.viewers), timeoutMs);
        await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      }
    },
    stop() {
      stopping ??= all('stop').finally(() => Promise.all(stops.map((stop) => stop())));
      return stopping;
    },
  };
}
