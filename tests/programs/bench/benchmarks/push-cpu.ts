// Server CPU per delivered tick at 2,000 viewers: this project's server in each push mode (Socket.IO, the
// plain WebSocket, Server-Sent Events) against the smallest servers that do the same job, a raw `ws`
// broadcast and Socket.IO as it comes, each in its own process, every one measured in the same rounds.
import createDebug from 'debug';
import type { TransportMode } from '../../../../lib/protocol/transport-mode';
import { viewerCounts } from '../../load/load-generator';
import type { FdLimits } from '../processes/fd-limit';
import { runLoadSession, type SessionResult } from '../viewers/load-session';
import type { ServerKind } from '../servers/server-process';
import { median } from '../report/statistics';

const debug = createDebug('ticker:bench:push-cpu');

/** One server under one mode's viewers: what the CPU benchmark compares. */
export interface Contender {
  readonly server: ServerKind;
  readonly mode: TransportMode;
  readonly label: string;
}

export const CONTENDERS = {
  socketio: { server: 'app', mode: 'socketio', label: 'Socket.IO (this server)' },
  stock: { server: 'socket.io-stock', mode: 'socketio', label: 'Socket.IO as it comes' },
  // The baseline's viewers are a plain WebSocket's, its own (raw-ws-viewer.ts).
  raw: { server: 'raw-ws', mode: 'websocket', label: 'raw ws' },
  websocket: { server: 'app', mode: 'websocket', label: 'WebSocket (this server)' },
  sse: { server: 'app', mode: 'sse', label: 'Server-Sent Events (this server)' },
} as const satisfies Readonly<Record<string, Contender>>;
export type ContenderName = keyof typeof CONTENDERS;

/** A requirement: the contender's CPU per delivered tick at most `max` times the baseline's. */
export interface CpuTarget {
  readonly contender: ContenderName;
  readonly baseline: ContenderName;
  readonly max: number;
}

export const CPU_TARGETS: readonly CpuTarget[] = [
  { contender: 'socketio', baseline: 'raw', max: 1.4 },
  // The same payload as this server's: the same tick JSON, in the same `t` event.
  { contender: 'socketio', baseline: 'stock', max: 1.1 },
  { contender: 'websocket', baseline: 'raw', max: 1.15 },
  { contender: 'sse', baseline: 'raw', max: 1.5 },
];

/** `ws-cpu`: Socket.IO and its baselines; `push-cpu`: every push mode and both baselines. */
export const WS_CPU_CONTENDERS: readonly ContenderName[] = ['socketio', 'stock', 'raw'];
export const PUSH_CPU_CONTENDERS: readonly ContenderName[] = ['socketio', 'stock', 'raw', 'websocket', 'sse'];

export interface PushCpuOptions {
  readonly contenders?: readonly ContenderName[];
  readonly viewers?: number;
  readonly rounds?: number;
  readonly warmupSeconds?: number;
  readonly windowSeconds?: number;
}

/** One server's run: CPU µs per tick delivered, with what it is made of. */
export interface CpuRun extends Contender {
  readonly microsPerTick: number;
  readonly serverCores: number;
  readonly ticks: number;
  readonly seconds: number;
  readonly workerCores: number;
  readonly problems: readonly string[];
}

/** A target judged: the ratio of the medians, and each round's ratio to show how much they vary. */
export interface CpuVerdict extends CpuTarget {
  /** The medians of the contender's and the baseline's CPU per tick, µs. */
  readonly contenderMicros: number;
  readonly baselineMicros: number;
  readonly ratio: number;
  readonly perRound: readonly number[];
  /** Within the target, and no viewer of either missed a tick. */
  readonly pass: boolean;
}

export interface PushCpuResult {
  readonly viewers: number;
  readonly windowSeconds: number;
  readonly contenders: readonly ContenderName[];
  /** Each round's run of every contender. */
  readonly rounds: readonly Readonly<Partial<Record<ContenderName, CpuRun>>>[];
  readonly medians: Readonly<Partial<Record<ContenderName, number>>>;
  /** The targets whose contender and baseline both ran. */
  readonly verdicts: readonly CpuVerdict[];
}

/** A fresh process of the contender's server under `viewers` viewers of its mode, measured over one window. */
export function runContenderSession(
  contender: Contender,
  viewers: number,
  options: { readonly warmupSeconds: number; readonly windowSeconds: number; readonly limits: FdLimits },
): Promise<SessionResult> {
  return runLoadSession({
    server: contender.server,
    viewers: viewerCounts({ [contender.mode]: viewers }),
    intervalMs: 1000,
    ...options,
  });
}

/** CPU per tick delivered to the contender's viewers in the session's window. */
export function cpuRun(contender: Contender, session: SessionResult): CpuRun {
  const { window } = session;
  const ticks = window.modes[contender.mode].ticks;
  return {
    ...contender,
    microsPerTick: ticks > 0 ? window.serverCpuMicros / ticks : Number.POSITIVE_INFINITY,
    serverCores: window.serverCores,
    ticks,
    seconds: window.seconds,
    workerCores: window.workerCores,
    problems: session.problems,
  };
}

/**
 * Rounds of one run per contender, the order reversed every other round. In each run every viewer
 * connects, the load settles for a few seconds, and the server's CPU time over a fixed window (from the
 * server process itself) is divided by the ticks its viewers counted in that window.
 */
export async function runPushCpu(limits: FdLimits, options: PushCpuOptions = {}): Promise<PushCpuResult> {
  const contenders = options.contenders ?? PUSH_CPU_CONTENDERS;
  const viewers = options.viewers ?? 2_000;
  const rounds = options.rounds ?? 3;
  const warmupSeconds = options.warmupSeconds ?? 3;
  const windowSeconds = options.windowSeconds ?? 10;
  const run = async (name: ContenderName): Promise<CpuRun> => {
    const contender = CONTENDERS[name];
    return cpuRun(contender, await runContenderSession(contender, viewers, { warmupSeconds, windowSeconds, limits }));
  };
  const measured: Partial<Record<ContenderName, CpuRun>>[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Alternating the order cancels a machine that slowly gets busier or quieter during the run.
    const runs: Partial<Record<ContenderName, CpuRun>> = {};
    for (const name of round % 2 === 1 ? contenders : [...contenders].reverse()) {
      runs[name] = await run(name);
      debug('round %d: %s %d µs/tick', round, name, runs[name].microsPerTick);
    }
    measured.push(runs);
  }
  const runsOf = (name: ContenderName) => measured.flatMap((round) => round[name] ?? []);
  const medians: Partial<Record<ContenderName, number>> = {};
  for (const name of contenders) medians[name] = median(runsOf(name).map((r) => r.microsPerTick));
  const verdicts = CPU_TARGETS.flatMap((target): CpuVerdict[] => {
    const contender = medians[target.contender];
    const baseline = medians[target.baseline];
    if (contender === undefined || baseline === undefined) return [];
    const ratio = contender / baseline;
    const clean = [...runsOf(target.contender), ...runsOf(target.baseline)].every((r) => r.problems.length === 0);
    const perRound = measured.flatMap((round) => {
      const c = round[target.contender];
      const b = round[target.baseline];
      return c && b ? [c.microsPerTick / b.microsPerTick] : [];
    });
    return [{ ...target, contenderMicros: contender, baselineMicros: baseline, ratio, perRound, pass: clean && ratio <= target.max }];
  });
  return { viewers, windowSeconds, contenders, rounds: measured, medians, verdicts };
}
