// Child process of the WebSocket benchmarks: one share of the viewers, run by the load generator's runLoad, so that
// the load is spread over the machine's cores like the server's own work. It answers the parent's
// commands (see command-channel.ts) with its running totals; started by load-workers.ts.
import { encodeFreshness } from '../../../../lib/meter/freshness-histogram-codec';
import { perMode, TRANSPORT_MODES, type TransportMode } from '../../../../lib/protocol/transport-mode';
import { runLoad, type LoadRun, type LoadTallies } from '../../load/load-generator';
import type { ModeTally } from '../../load/mode-tally';
import { serveCommands } from '../processes/command-channel';
import { takeProcessSample, type ProcessSample } from '../processes/process-sample';
import { RawWsViewer } from './raw-ws-viewer';

/** This worker's share of a benchmark's viewers, as JSON in its one argument. */
export interface WorkerPlan {
  readonly url: string;
  /** This worker's viewers of each mode. */
  readonly viewers: Readonly<Record<TransportMode, number>>;
  /** The plain WebSocket viewers are the raw ws baseline server's (raw-ws-viewer.ts), not this server's. */
  readonly rawWebSockets: boolean;
  readonly intervalMs: number;
  readonly batch: number;
  /** The worker stops by itself after this long even if the parent never says stop. */
  readonly maxDurationMs: number;
}

/** One mode's running totals; `latency` holds the ages since the last `mark`, encoded (FreshnessHistogram). */
export interface ModeFigures {
  readonly viewers: number;
  readonly connected: number;
  readonly failed: number;
  readonly dropped: number;
  readonly starved: number;
  readonly ticks: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly requests: number;
  readonly latency: string;
}

export interface WorkerSample {
  readonly process: ProcessSample;
  readonly modes: Readonly<Record<TransportMode, ModeFigures>>;
}

const plan = JSON.parse(process.argv[2] ?? '') as WorkerPlan;
const interrupt = new AbortController();
let tallies: LoadTallies | undefined;

function figures(tally: ModeTally | undefined, viewers: number): ModeFigures {
  return {
    viewers,
    connected: tally?.connected ?? 0,
    failed: tally?.failed ?? 0,
    dropped: tally?.dropped ?? 0,
    starved: tally?.starved ?? 0,
    ticks: tally?.ticks ?? 0,
    gaps: tally?.gaps ?? 0,
    duplicates: tally?.duplicates ?? 0,
    requests: tally?.requests ?? 0,
    latency: tally ? encodeFreshness(tally.latency) : '',
  };
}

function sample(): WorkerSample {
  return { process: takeProcessSample(false), modes: perMode((mode) => figures(tallies?.[mode], plan.viewers[mode])) };
}

const finished: Promise<LoadRun> = runLoad(
  {
    url: new URL(plan.url),
    viewers: plan.viewers,
    intervalMs: plan.intervalMs,
    durationMs: plan.maxDurationMs,
    batch: plan.batch,
    ...(plan.rawWebSockets ? { webSocketViewer: (url: URL, tally: ModeTally) => new RawWsViewer(url, tally) } : {}),
  },
  { signal: interrupt.signal, onStart: (started) => (tallies = started) },
);

const quit = () => {
  interrupt.abort();
  void finished.finally(() => process.exit(0));
};
serveCommands(
  {
    sample,
    // The sample and the start of the next latency window are one moment: nothing runs in between.
    mark: () => {
      const taken = sample();
      for (const mode of TRANSPORT_MODES) tallies?.[mode].latency.reset();
      return taken;
    },
    stop: async () => {
      interrupt.abort();
      await finished;
      return sample();
    },
  },
  quit,
);
process.once('SIGTERM', quit);
console.log('READY');
