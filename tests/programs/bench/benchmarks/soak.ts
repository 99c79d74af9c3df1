// A long steady load on this project's server: Socket.IO subscribers and pollers together, the server's
// memory sampled after a full GC every second, and every viewer's sequence checked throughout.
import createDebug from 'debug';
import { viewerCounts } from '../../load/load-generator';
import { parseMarketConfig } from '../../../../lib/market/market-config';
import { problemsOf } from '../../load/load-report';
import type { FdLimits } from '../processes/fd-limit';
import { LOAD_WORKERS } from '../viewers/load-session';
import { startLoadWorkers, type LoadSample } from '../viewers/load-workers';
import { afterWarmup, slopePercentPer10Minutes, warmupMs, type MemoryPoint } from '../report/memory-slope';
import { coresBetween } from '../processes/process-sample';
import type { ServerSample } from '../servers/server-child';
import { BENCH_MARKET, startServerProcess } from '../servers/server-process';

const debug = createDebug('ticker:bench:soak');

/** The requirement: memory grows by less than this percentage of itself per 10 minutes. */
export const SOAK_SLOPE_TARGET = 1;
export const SOAK_DEFAULT_MINUTES = 10;

export interface SoakOptions {
  readonly minutes?: number;
  readonly subscribers?: number;
  readonly pollers?: number;
  readonly intervalMs?: number;
}

export interface SoakResult {
  readonly minutes: number;
  readonly subscribers: number;
  readonly pollers: number;
  readonly intervalMs: number;
  /** Samples in the slope: those after the warm-up. */
  readonly samples: number;
  readonly warmupSeconds: number;
  /** Heap used plus external after a full GC: the verdict's figure. */
  readonly liveSlopePercent: number;
  readonly liveMeanBytes: number;
  readonly rssSlopePercent: number;
  readonly rssMeanBytes: number;
  readonly serverCores: number;
  readonly final: LoadSample;
  readonly problems: readonly string[];
  /** What the server printed to stderr, if anything. */
  readonly serverErrors: string;
  readonly pass: boolean;
}

const SETTLE_TIMEOUT_MS = 120_000;
/**
 * A fresh server grows until its tick history is full (2 minutes of ticks, kept for pollers and new
 * pages); growth before then is filling up, not leaking. Counted from the first sample, which comes
 * after every viewer has connected, so the history is at least that far along.
 */
const FILL_MS = parseMarketConfig(BENCH_MARKET).historySeconds * 1000;
const SAMPLE_EVERY_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(limits: FdLimits, options: SoakOptions = {}): Promise<SoakResult> {
  const minutes = options.minutes ?? SOAK_DEFAULT_MINUTES;
  const subscribers = options.subscribers ?? 2_000;
  const pollers = options.pollers ?? 200;
  const intervalMs = options.intervalMs ?? 1_000;
  const runMs = minutes * 60_000;
  const server = await startServerProcess('app', subscribers + pollers, limits);
  try {
    const workers = await startLoadWorkers({
      urls: [server.url],
      viewers: viewerCounts({ socketio: subscribers, polling: pollers }),
      rawWebSockets: false,
      intervalMs,
      workers: LOAD_WORKERS,
      maxDurationMs: runMs + SETTLE_TIMEOUT_MS + 60_000,
      limits,
    });
    try {
      await workers.settled(SETTLE_TIMEOUT_MS);
      const samples: ServerSample[] = [];
      const started = performance.now();
      // Paced on the clock, not after each sample, so a slow GC does not stretch the run.
      for (let next = started; next - started <= runMs; next += SAMPLE_EVERY_MS) {
        await sleep(Math.max(0, next - performance.now()));
        const sample = await server.sample(true);
        samples.push(sample);
        if (samples.length % 60 === 0)
          debug('%d s: heap used %d MB, rss %d MB', samples.length, sample.heapUsedBytes / 1e6, sample.rssBytes / 1e6);
      }
      const final = await workers.stop();
      const skipMs = warmupMs(runMs, FILL_MS);
      const points = (bytes: (s: ServerSample) => number): MemoryPoint[] =>
        afterWarmup(
          samples.map((s) => ({ atMs: s.atMs, bytes: bytes(s) })),
          skipMs,
        );
      const live = points((s) => s.heapUsedBytes + s.externalBytes);
      const rss = points((s) => s.rssBytes);
      const mean = (p: readonly MemoryPoint[]) => p.reduce((sum, x) => sum + x.bytes, 0) / Math.max(1, p.length);
      const first = samples[0];
      const last = samples.at(-1);
      const serverCores = first && last ? coresBetween(first, last) : 0;
      const liveSlopePercent = slopePercentPer10Minutes(live);
      const problems = problemsOf({ tallies: final.modes });
      const serverErrors = server.errors().trim();
      return {
        minutes,
        subscribers,
        pollers,
        intervalMs,
        samples: live.length,
        warmupSeconds: skipMs / 1000,
        liveSlopePercent,
        liveMeanBytes: mean(live),
        rssSlopePercent: slopePercentPer10Minutes(rss),
        rssMeanBytes: mean(rss),
        serverCores,
        final,
        problems,
        serverErrors,
        pass: liveSlopePercent < SOAK_SLOPE_TARGET && problems.length === 0 && serverErrors === '' && live.length > 1,
      };
    } finally {
      await workers.stop().catch(() => undefined);
    }
  } finally {
    await server.stop();
  }
}
