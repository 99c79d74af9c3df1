// Server CPU per delivered tick: this project's Socket.IO server against a raw `ws` server broadcasting the
// same tick text to the same number of viewers at the same rate, each in its own process.
import createDebug from 'debug';
import type { FdLimits } from '../processes/fd-limit';
import { runLoadSession, type SessionResult } from '../viewers/load-session';
import type { ServerKind } from '../servers/server-process';
import { median } from '../report/statistics';

const debug = createDebug('ticker:bench:ws-cpu');

/** The requirement: Socket.IO's CPU per delivered tick at most this many times raw ws's. */
export const WS_CPU_TARGET = 1.4;

export interface WebSocketCpuOptions {
  readonly viewers?: number;
  readonly rounds?: number;
  readonly warmupSeconds?: number;
  readonly windowSeconds?: number;
}

/** One server's run: CPU µs per tick delivered, with what it is made of. */
export interface CpuRun {
  readonly server: ServerKind;
  readonly microsPerTick: number;
  readonly serverCores: number;
  readonly ticks: number;
  readonly seconds: number;
  readonly workerCores: number;
  readonly problems: readonly string[];
}

export interface WebSocketCpuResult {
  readonly viewers: number;
  readonly windowSeconds: number;
  readonly rounds: readonly { readonly socketio: CpuRun; readonly stock: CpuRun; readonly raw: CpuRun }[];
  readonly socketioMedian: number;
  /** Socket.IO as it comes (no metering, default encoder): how much of the ratio is Socket.IO's own. */
  readonly stockMedian: number;
  readonly rawMedian: number;
  /** Socket.IO's median over raw ws's median. */
  readonly ratio: number;
  /** Within the target, and no viewer missed a tick. */
  readonly pass: boolean;
}

export function cpuRun(server: ServerKind, session: SessionResult): CpuRun {
  const { window } = session;
  const ticks = window.modes.socketio.ticks;
  return {
    server,
    microsPerTick: ticks > 0 ? window.serverCpuMicros / ticks : Number.POSITIVE_INFINITY,
    serverCores: window.serverCores,
    ticks,
    seconds: window.seconds,
    workerCores: window.workerCores,
    problems: session.problems,
  };
}

/**
 * Rounds of one run per server (this one, Socket.IO as it comes, raw ws), alternating the order. In each run every viewer connects, the
 * load settles for a few seconds, and the server's CPU time over a fixed window (from the server process
 * itself) is divided by the ticks its viewers counted in that window.
 */
export async function runWebSocketCpu(limits: FdLimits, options: WebSocketCpuOptions = {}): Promise<WebSocketCpuResult> {
  const viewers = options.viewers ?? 2_000;
  const rounds = options.rounds ?? 3;
  const warmupSeconds = options.warmupSeconds ?? 3;
  const windowSeconds = options.windowSeconds ?? 10;
  const run = async (server: ServerKind) =>
    cpuRun(server, await runLoadSession({ server, webSockets: viewers, pollers: 0, intervalMs: 1000, warmupSeconds, windowSeconds, limits }));
  const measured: { socketio: CpuRun; stock: CpuRun; raw: CpuRun }[] = [];
  const order: readonly ServerKind[] = ['socket.io', 'socket.io-stock', 'raw-ws'];
  for (let round = 1; round <= rounds; round++) {
    // Alternating the order cancels a machine that slowly gets busier or quieter during the run.
    const runs = new Map<ServerKind, CpuRun>();
    for (const server of round % 2 === 1 ? order : [...order].reverse()) runs.set(server, await run(server));
    const [socketio, stock, raw] = order.map((server) => runs.get(server)) as [CpuRun, CpuRun, CpuRun];
    debug('round %d: socket.io %d, stock %d, raw ws %d µs/tick', round, socketio.microsPerTick, stock.microsPerTick, raw.microsPerTick);
    measured.push({ socketio, stock, raw });
  }
  const socketioMedian = median(measured.map((r) => r.socketio.microsPerTick));
  const stockMedian = median(measured.map((r) => r.stock.microsPerTick));
  const rawMedian = median(measured.map((r) => r.raw.microsPerTick));
  const ratio = socketioMedian / rawMedian;
  const clean = measured.every((r) => r.socketio.problems.length === 0 && r.raw.problems.length === 0);
  return { viewers, windowSeconds, rounds: measured, socketioMedian, stockMedian, rawMedian, ratio, pass: clean && ratio <= WS_CPU_TARGET };
}
