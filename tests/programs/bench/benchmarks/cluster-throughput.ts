// Scale-out on Redis: what two server processes sharing one market deliver per CPU-second, against one
// process alone with the same viewers. The two pay for replaying ticks, for the adapter's stream and for
// Redis itself; the question is how much of one process's efficiency survives that.
import createDebug from 'debug';
import { viewerCounts } from '../../load/load-generator';
import { problemsOf } from '../../load/load-report';
import { startRedis } from '../../../support/redis-server';
import type { FdLimits } from '../processes/fd-limit';
import { LOAD_WORKERS } from '../viewers/load-session';
import { measureWindow } from '../viewers/load-window';
import { startLoadWorkers } from '../viewers/load-workers';
import { processCpuMicros } from '../processes/process-cpu';
import { BENCH_MARKET, startServerProcess, type ServerProcess } from '../servers/server-process';

const debug = createDebug('ticker:bench:cluster');

/** The requirement: two processes deliver at least this share of one process's messages per CPU-second. */
export const CLUSTER_EFFICIENCY_TARGET = 0.8;
const SETTLE_TIMEOUT_MS = 120_000;

export interface ClusterRun {
  readonly processes: number;
  /** Ticks the viewers received in the window, each counted once per viewer. */
  readonly messages: number;
  readonly seconds: number;
  /** CPU time of the server processes in the window, µs. */
  readonly serverCpuMicros: number;
  /** CPU time of redis-server in the window, µs (0 alone). */
  readonly redisCpuMicros: number;
  /** Messages per CPU-second of the servers and Redis together. */
  readonly perCpuSecond: number;
  readonly problems: readonly string[];
}

export interface ClusterThroughputResult {
  readonly viewers: number;
  readonly windowSeconds: number;
  readonly one: ClusterRun;
  readonly two: ClusterRun;
  /** Two's messages per CPU-second over one's. */
  readonly ratio: number;
  readonly pass: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(
  servers: readonly ServerProcess[],
  viewers: number,
  limits: FdLimits,
  windowSeconds: number,
  redisPid?: number,
): Promise<ClusterRun> {
  const workers = await startLoadWorkers({
    // Worker i opens its viewers on server i mod n: with two workers and two servers, half on each.
    urls: servers.map((server) => server.url),
    viewers: viewerCounts({ socketio: viewers }),
    rawWebSockets: false,
    intervalMs: 1000,
    workers: LOAD_WORKERS,
    maxDurationMs: SETTLE_TIMEOUT_MS + (windowSeconds + 120) * 1000,
    limits,
  });
  try {
    await workers.settled(SETTLE_TIMEOUT_MS);
    await sleep(3000);
    const redisStart = redisPid === undefined ? 0 : processCpuMicros(redisPid);
    const window = await measureWindow(servers, workers, windowSeconds);
    const redisCpuMicros = redisPid === undefined ? 0 : processCpuMicros(redisPid) - redisStart;
    const final = await workers.stop();
    const messages = window.modes.socketio.ticks;
    const cpuSeconds = (window.serverCpuMicros + redisCpuMicros) / 1_000_000;
    return {
      processes: servers.length,
      messages,
      seconds: window.seconds,
      serverCpuMicros: window.serverCpuMicros,
      redisCpuMicros,
      perCpuSecond: cpuSeconds > 0 ? messages / cpuSeconds : 0,
      problems: problemsOf({ tallies: final.modes }),
    };
  } finally {
    await workers.stop().catch(() => undefined);
  }
}

/**
 * One process alone (no Redis), then two on a fresh redis-server, each with the same viewers in total:
 * after every viewer connected and 3 s of steady load, the ticks the viewers counted over a fixed window
 * are divided by the CPU time of every process that served them, Redis included.
 */
export async function runClusterThroughput(limits: FdLimits, viewers = 2_000, windowSeconds = 10): Promise<ClusterThroughputResult> {
  const alone = await startServerProcess('app', viewers, limits);
  let one: ClusterRun;
  try {
    await sleep(1000);
    one = await measure([alone], viewers, limits, windowSeconds);
  } finally {
    await alone.stop();
  }
  debug('one process: %d messages per CPU-second', one.perCpuSecond);

  const redis = await startRedis();
  try {
    const market = { ...BENCH_MARKET, redisUrl: redis.url };
    const servers = [
      await startServerProcess('app-redis', viewers / 2, limits, market),
      await startServerProcess('app-redis', viewers / 2, limits, market),
    ];
    try {
      await sleep(1000);
      const two = await measure(servers, viewers, limits, windowSeconds, redis.pid());
      debug('two processes: %d messages per CPU-second', two.perCpuSecond);
      const ratio = two.perCpuSecond / one.perCpuSecond;
      const clean = one.problems.length === 0 && two.problems.length === 0;
      return { viewers, windowSeconds, one, two, ratio, pass: clean && ratio >= CLUSTER_EFFICIENCY_TARGET };
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  } finally {
    await redis.stop();
  }
}
