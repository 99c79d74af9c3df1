import { problemsOf } from '../../load/load-report';
import type { FdLimits } from '../processes/fd-limit';
import { measureWindow, type LoadWindow } from './load-window';
import { startLoadWorkers, totalViewers, type LoadSample } from './load-workers';
import { TRANSPORT_MODES, type TransportMode } from '../../../../lib/protocol/transport-mode';
import type { ServerSample } from '../servers/server-child';
import { startServerProcess, type ServerKind } from '../servers/server-process';

/** Load worker processes: one a core of a 2-core machine, the server taking its share of both. */
export const LOAD_WORKERS = 2;
/** Opening 10,000 viewers takes 10–30 s here; a run that has not settled after this is broken. */
const SETTLE_TIMEOUT_MS = 180_000;
/** Time for the workers to close every viewer before they are killed. */
const SESSION_SLACK_MS = 120_000;

export interface SessionPlan {
  readonly server: ServerKind;
  /** Viewers of each mode; against the raw ws baseline, its own viewers stand in for the plain WebSocket's. */
  readonly viewers: Readonly<Record<TransportMode, number>>;
  /** Poll interval; ignored without pollers. */
  readonly intervalMs: number;
  /** Seconds of steady load after every viewer connected and before the window, unmeasured. */
  readonly warmupSeconds: number;
  readonly windowSeconds: number;
  readonly limits: FdLimits;
}

export interface SessionResult {
  /** The server after a full GC, with its market running and no viewer yet. */
  readonly idle: ServerSample;
  /** The same once every viewer connected, again after a full GC. */
  readonly loaded: ServerSample;
  /** Viewers that connected. */
  readonly connected: number;
  /** From the first viewer opened to the last one connected. */
  readonly rampSeconds: number;
  readonly window: LoadWindow;
  /** The viewers' totals after they closed: every gap or failure of the whole session. */
  readonly final: LoadSample;
  /** problemsOf those totals: empty when every viewer saw every tick once. */
  readonly problems: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One server in its own process under one steady load: idle memory, the viewers opened by the load
 * workers, memory again, a warm-up, the measured window, then everything closed and stopped.
 */
export async function runLoadSession(plan: SessionPlan): Promise<SessionResult> {
  const sockets = totalViewers(plan.viewers);
  const server = await startServerProcess(plan.server, sockets, plan.limits);
  try {
    // A second of ticks first, so the market's history and the JIT are past their first steps.
    await sleep(1000);
    const idle = await server.sample(true);
    const rampStart = performance.now();
    const workers = await startLoadWorkers({
      urls: [server.url],
      viewers: plan.viewers,
      rawWebSockets: plan.server === 'raw-ws',
      intervalMs: plan.intervalMs,
      workers: LOAD_WORKERS,
      maxDurationMs: SETTLE_TIMEOUT_MS + (plan.warmupSeconds + plan.windowSeconds) * 1000 + SESSION_SLACK_MS,
      limits: plan.limits,
    });
    try {
      const settled = await workers.settled(SETTLE_TIMEOUT_MS);
      const rampSeconds = (performance.now() - rampStart) / 1000;
      const loaded = await server.sample(true);
      await sleep(plan.warmupSeconds * 1000);
      const window = await measureWindow([server], workers, plan.windowSeconds);
      const final = await workers.stop();
      const connected = TRANSPORT_MODES.reduce((sum, mode) => sum + settled.modes[mode].connected, 0);
      return { idle, loaded, connected, rampSeconds, window, final, problems: problemsOf({ tallies: final.modes }) };
    } finally {
      // Idempotent after a normal stop; on failure it closes whatever is still open.
      await workers.stop().catch(() => undefined);
    }
  } finally {
    await server.stop();
  }
}
