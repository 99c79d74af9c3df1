// 10,000 Socket.IO subscribers at 10 ticks/s on one server process: no tick missed, at most one core, and
// memory per subscriber against the raw `ws` baseline carrying the same viewers.
import type { FdLimits } from '../processes/fd-limit';
import type { SessionResult } from '../viewers/load-session';
import { CONTENDERS, cpuRun, runContenderSession, type Contender, type CpuRun } from './push-cpu';

/** Requirements: cores of the Socket.IO server, and its memory per subscriber over raw ws's. */
export const WS_SCALE_CORES_TARGET = 1;
export const WS_MEMORY_TARGET = 1.4;
/**
 * A server that falls behind does not skip sequence numbers: its market makes fewer ticks (it keeps to its
 * grid instead of bursting out the ones it missed). So the viewers must also receive 90% of 10 ticks a second.
 */
export const MIN_TICKS_PER_VIEWER_SECOND = 9;
const TICKS_PER_SECOND = 10;

export interface WebSocketScaleOptions {
  readonly viewers?: number;
  readonly warmupSeconds?: number;
  readonly windowSeconds?: number;
}

/** Memory one connected viewer adds to a server: the growth from idle to loaded, both after a full GC. */
export interface MemoryPerViewer {
  readonly rssBytes: number;
  /** JS heap used plus `external` (Buffers and other memory JS objects hold outside the heap). */
  readonly liveBytes: number;
}

export interface ScaleRun extends CpuRun {
  readonly viewers: number;
  readonly connected: number;
  readonly rampSeconds: number;
  readonly memory: MemoryPerViewer;
  readonly latencyP99Ms: number;
  /** Ticks each connected viewer received per second in the window, on average. */
  readonly ticksPerViewerSecond: number;
}

export interface WebSocketScaleResult {
  readonly socketio: ScaleRun;
  readonly raw: ScaleRun;
  readonly windowSeconds: number;
  /** Socket.IO's RSS per viewer over raw ws's: the verdict's figure. */
  readonly memoryRatio: number;
  /** The same for the live heap, shown beside it. */
  readonly liveMemoryRatio: number;
  /** Every viewer connected, none missed or repeated a tick, and they received at least MIN_TICKS_PER_VIEWER_SECOND. */
  readonly deliveryPass: boolean;
  /**
   * Cores the Socket.IO server would need to deliver 10 ticks a second to every viewer at the CPU per tick
   * it measured: what the cores figure means when the server fell behind.
   */
  readonly coresAtFullRate: number;
  /** At most one core, while delivering at least MIN_TICKS_PER_VIEWER_SECOND: a server that fell behind does not pass on a low CPU figure. */
  readonly coresPass: boolean;
  readonly memoryPass: boolean;
}

export function memoryPerViewer(session: SessionResult): MemoryPerViewer {
  const { idle, loaded, connected } = session;
  const per = (bytes: number) => (connected > 0 ? bytes / connected : 0);
  return {
    rssBytes: per(loaded.rssBytes - idle.rssBytes),
    liveBytes: per(loaded.heapUsedBytes + loaded.externalBytes - idle.heapUsedBytes - idle.externalBytes),
  };
}

/** One run per server, each in a fresh process: 10,000 viewers take too long to open for several rounds. */
export async function runWebSocketScale(limits: FdLimits, options: WebSocketScaleOptions = {}): Promise<WebSocketScaleResult> {
  const viewers = options.viewers ?? 10_000;
  const warmupSeconds = options.warmupSeconds ?? 3;
  const windowSeconds = options.windowSeconds ?? 15;
  const run = async (contender: Contender): Promise<ScaleRun> => {
    const session = await runContenderSession(contender, viewers, { warmupSeconds, windowSeconds, limits });
    const delivered = session.window.modes[contender.mode];
    return {
      ...cpuRun(contender, session),
      viewers,
      connected: session.connected,
      rampSeconds: session.rampSeconds,
      memory: memoryPerViewer(session),
      latencyP99Ms: delivered.latency.percentile(99),
      ticksPerViewerSecond: session.connected > 0 ? delivered.ticks / session.window.seconds / session.connected : 0,
    };
  };
  const raw = await run(CONTENDERS.raw);
  const socketio = await run(CONTENDERS.socketio);
  const memoryRatio = socketio.memory.rssBytes / raw.memory.rssBytes;
  const deliveryPass =
    socketio.problems.length === 0 && socketio.connected === viewers && socketio.ticksPerViewerSecond >= MIN_TICKS_PER_VIEWER_SECOND;
  return {
    socketio,
    raw,
    windowSeconds,
    memoryRatio,
    liveMemoryRatio: socketio.memory.liveBytes / raw.memory.liveBytes,
    deliveryPass,
    coresAtFullRate: (socketio.microsPerTick * socketio.connected * TICKS_PER_SECOND) / 1e6,
    coresPass: socketio.serverCores <= WS_SCALE_CORES_TARGET && socketio.ticksPerViewerSecond >= MIN_TICKS_PER_VIEWER_SECOND,
    memoryPass: memoryRatio <= WS_MEMORY_TARGET,
  };
}
