// The comparison of websocket.org's "HTML5 Web Sockets: A Quantum Leap in Scalability for the Web"
// (Lubbers & Greco, Kaazing), measured here instead of worked out from header sizes: this server under
// 100 to 10,000 viewers of each mode, and what it costs the server.
import createDebug from 'debug';
import { TRANSPORT_MODES, type TransportMode } from '../../../../lib/protocol/transport-mode';
import { viewerCounts } from '../../load/load-generator';
import type { FdLimits } from '../processes/fd-limit';
import { runLoadSession } from '../viewers/load-session';
import { StillConnecting } from '../viewers/load-workers';
import { saturationReasons } from '../report/saturation';

const debug = createDebug('ticker:bench:kaazing');

/** Every mode has a column, in TRANSPORT_MODES order. */
export type KaazingMode = TransportMode;
export const KAAZING_VIEWERS = [100, 1_000, 5_000, 10_000] as const;
/** Polling every second, as in Kaazing's comparison. */
export const KAAZING_POLL_INTERVAL_MS = 1_000;
const TICKS_PER_SECOND = 10;

export interface KaazingFigures {
  readonly bytesPerSecond: number;
  /** HTTP requests the viewers made: polls, and a push viewer's one upgrade or stream request before the window. */
  readonly requestsPerSecond: number;
  /** Ticks delivered per second, over every viewer. */
  readonly ticksPerSecond: number;
  readonly serverCores: number;
  readonly p99Ms: number;
  readonly workerCores: number;
  /** Why the cell is saturated (see saturation.ts); empty when it kept up. */
  readonly saturated: readonly string[];
}

/** A cell; no figures when it was not measured (see `unmeasured`). */
export interface KaazingCell {
  readonly viewers: number;
  readonly mode: KaazingMode;
  readonly figures: KaazingFigures | undefined;
  /**
   * Why a cell without figures has none, when it was run: its viewers did not all connect in time, so the
   * server was saturated before the window began. Absent for one not run because a smaller load saturated.
   */
  readonly unmeasured?: string;
}

export interface KaazingResult {
  readonly intervalMs: number;
  readonly windowSeconds: number;
  readonly cells: readonly KaazingCell[];
}

export interface KaazingOptions {
  readonly modes?: readonly KaazingMode[];
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
    server: 'app',
    viewers: viewerCounts({ [mode]: viewers }),
    intervalMs: KAAZING_POLL_INTERVAL_MS,
    // Pollers' first polls bunch up at the ramp; a few intervals spread them out.
    warmupSeconds,
    windowSeconds,
    limits,
  });
  const { window } = session;
  const seen = window.modes[mode];
  const perSecond = (n: number) => n / window.seconds;
  // Pollers ask for a poll every interval, whatever it brings; every other viewer asks for every tick as it is made.
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
 * Each mode from the fewest viewers up, a fresh server for every cell. A mode stops at its first saturated
 * cell: the larger loads are reported as saturated without being run, since a server already behind only
 * falls further behind, and the run stays bounded.
 */
export async function runKaazing(limits: FdLimits, options: KaazingOptions = {}): Promise<KaazingResult> {
  const viewerCounts = options.viewers ?? KAAZING_VIEWERS;
  const warmupSeconds = options.warmupSeconds ?? 3;
  const windowSeconds = options.windowSeconds ?? 10;
  const cells: KaazingCell[] = [];
  for (const mode of options.modes ?? TRANSPORT_MODES) {
    let saturated = false;
    for (const viewers of viewerCounts) {
      if (saturated) {
        cells.push({ viewers, mode, figures: undefined });
        continue;
      }
      const figures = await measureCell(mode, viewers, limits, warmupSeconds, windowSeconds).catch((error: unknown) => {
        if (error instanceof StillConnecting) return error;
        throw error;
      });
      debug('%s × %d: %o', mode, viewers, figures);
      if (figures instanceof StillConnecting) {
        cells.push({ viewers, mode, figures: undefined, unmeasured: figures.message });
        saturated = true;
        continue;
      }
      cells.push({ viewers, mode, figures });
      saturated = figures.saturated.length > 0;
    }
  }
  return { intervalMs: KAAZING_POLL_INTERVAL_MS, windowSeconds, cells };
}
