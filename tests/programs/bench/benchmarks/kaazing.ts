// The comparison of websocket.org's "HTML5 Web Sockets: A Quantum Leap in Scalability for the Web"
// (Lubbers & Greco, Kaazing), measured here instead of worked out from header sizes: this server under
// 100 to 10,000 viewers of each mode, and what it costs the server.
import createDebug from 'debug';
import type { FdLimits } from '../processes/fd-limit';
import { runLoadSession } from '../viewers/load-session';
import { saturationReasons } from '../report/saturation';

const debug = createDebug('ticker:bench:kaazing');

export type KaazingMode = 'socketio' | 'polling';
export const KAAZING_VIEWERS = [100, 1_000, 5_000, 10_000] as const;
/** Polling every second, as in Kaazing's comparison. */
export const KAAZING_POLL_INTERVAL_MS = 1_000;
const TICKS_PER_SECOND = 10;

export interface KaazingFigures {
  readonly bytesPerSecond: number;
  readonly requestsPerSecond: number;
  /** Ticks delivered per second, over every viewer. */
  readonly ticksPerSecond: number;
  readonly serverCores: number;
  readonly p99Ms: number;
  readonly workerCores: number;
  /** Why the cell is saturated (see saturation.ts); empty when it kept up. */
  readonly saturated: readonly string[];
}

/** A cell; no figures when it was not run because a smaller load of the same mode already saturated. */
export interface KaazingCell {
  readonly viewers: number;
  readonly mode: KaazingMode;
  readonly figures: KaazingFigures | undefined;
}

export interface KaazingResult {
  readonly intervalMs: number;
  readonly windowSeconds: number;
  readonly cells: readonly KaazingCell[];
}

export interface KaazingOptions {
  readonly viewers?: readonly number[];
  readonly warmupSeconds?: number;
  readonly windowSeconds?: number;
}

async function measureCell(
  mode: KaazingMode,
  viewers: number,
  limits: FdLimits,
  warmupSeconds: number,
  windowSeconds: number,
): Promise<KaazingFigures> {
  const session = await runLoadSession({
    server: 'socket.io',
    webSockets: mode === 'socketio' ? viewers : 0,
    pollers: mode === 'polling' ? viewers : 0,
    intervalMs: KAAZING_POLL_INTERVAL_MS,
    // Pollers' first polls bunch up at the ramp; a few intervals spread them out.
    warmupSeconds,
    windowSeconds,
    limits,
  });
  const { window } = session;
  const seen = window.modes[mode];
  const perSecond = (n: number) => n / window.seconds;
  const askedPerSecond = mode === 'polling' ? (viewers * 1000) / KAAZING_POLL_INTERVAL_MS : viewers * TICKS_PER_SECOND;
  const requestsPerSecond = perSecond(seen.requests);
  const ticksPerSecond = perSecond(seen.ticks);
  const p99Ms = seen.latency.percentile(99);
  const saturated = saturationReasons(
    {
      viewers,
      askedPerSecond,
      deliveredPerSecond: mode === 'polling' ? requestsPerSecond : ticksPerSecond,
      serverCores: window.serverCores,
      p99Ms,
      problems: session.problems,
    },
    KAAZING_POLL_INTERVAL_MS,
  );
  return {
    bytesPerSecond: perSecond(window.serverBytes),
    requestsPerSecond,
    ticksPerSecond,
    serverCores: window.serverCores,
    p99Ms,
    workerCores: window.workerCores,
    saturated,
  };
}

/**
 * Each mode from the fewest viewers up, a fresh server for every cell. Polling stops at its first
 * saturated cell: the larger loads are reported as saturated without being run. Socket.IO runs every
 * load, saturated or not, so its column shows how far past saturation it still delivers.
 */
export async function runKaazing(limits: FdLimits, options: KaazingOptions = {}): Promise<KaazingResult> {
  const viewerCounts = options.viewers ?? KAAZING_VIEWERS;
  const warmupSeconds = options.warmupSeconds ?? 5;
  const windowSeconds = options.windowSeconds ?? 10;
  const cells: KaazingCell[] = [];
  for (const mode of ['socketio', 'polling'] as const) {
    let saturated = false;
    for (const viewers of viewerCounts) {
      if (saturated) {
        cells.push({ viewers, mode, figures: undefined });
        continue;
      }
      const figures = await measureCell(mode, viewers, limits, warmupSeconds, windowSeconds);
      debug('%s × %d: %o', mode, viewers, figures);
      cells.push({ viewers, mode, figures });
      saturated = mode === 'polling' && figures.saturated.length > 0;
    }
  }
  return { intervalMs: KAAZING_POLL_INTERVAL_MS, windowSeconds, cells };
}
