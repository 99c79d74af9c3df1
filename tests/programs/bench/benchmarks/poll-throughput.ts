import createDebug from 'debug';
import type { BareReady, BareResponse } from '../servers/bare-http-server';
import { startChild, tsxArgs, type RunningChild } from '../processes/child-process';
import type { PollTargetReady } from '../servers/poll-target-server';
import { fetchRaw, withoutDate } from './raw-response';
import { median } from '../report/statistics';
import { runWrk, type WrkResult } from '../processes/wrk';

const debug = createDebug('ticker:bench:poll');

/** The requirement: our polling endpoint serves at least this fraction of a bare server's requests per second. */
export const POLL_THROUGHPUT_TARGET = 0.8;

export interface PollThroughputOptions {
  /** Measured rounds, each one bare run and one run of ours, in alternating order. Default 5. */
  readonly rounds?: number;
  /** Seconds of each measured wrk run. Default 8. */
  readonly durationSeconds?: number;
  /** Seconds of the unmeasured warm-up run against each server. Default 2. */
  readonly warmupSeconds?: number;
  /** wrk's open connections. Default 50. */
  readonly connections?: number;
}

export interface PollThroughputResult {
  readonly target: string;
  readonly bodyBytes: number;
  readonly responseBytes: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly rounds: readonly { readonly bare: WrkResult; readonly ours: WrkResult }[];
  readonly bareMedianRps: number;
  readonly oursMedianRps: number;
  /** Ours over bare, from the medians. */
  readonly ratio: number;
  readonly pass: boolean;
}

const READY = /^READY (.+)$/m;
const START_TIMEOUT_MS = 30_000;

function readyJson<T>(child: RunningChild): T {
  return JSON.parse(child.ready[1] ?? '') as T;
}

/**
 * Requests per second of our polling endpoint against a bare node:http server sending the same bytes.
 * Each server and wrk run in their own processes, so the two servers are measured alike: on two cores,
 * wrk takes one and the server under load the other, the idle server and this process sleep, and
 * neither server's heap, JIT state or event loop carries anything of the other's.
 */
export async function runPollThroughput(options: PollThroughputOptions = {}): Promise<PollThroughputResult> {
  const rounds = options.rounds ?? 5;
  const durationSeconds = options.durationSeconds ?? 6;
  const warmupSeconds = options.warmupSeconds ?? 2;
  const connections = options.connections ?? 50;
  const children: RunningChild[] = [];
  try {
    const ours = await startChild(process.execPath, tsxArgs('tests/programs/bench/servers/poll-target-server.ts'), {
      ready: READY,
      timeoutMs: START_TIMEOUT_MS,
    });
    children.push(ours);
    const { port: oursPort, target } = readyJson<PollTargetReady>(ours);

    const reference = await fetchRaw(oursPort, target);
    const contentType = reference.headers['content-type'];
    const cacheControl = reference.headers['cache-control'];
    const keepAlive = /timeout=(\d+)/.exec(reference.headers['keep-alive'] ?? '');
    if (reference.status !== 200 || !contentType || !cacheControl || !keepAlive?.[1]) {
      throw new Error(`the polling endpoint did not answer as expected:\n${reference.wire.toString('utf8')}`);
    }
    if (!reference.body.toString('utf8').startsWith('{"kind":"ticks"')) {
      throw new Error(`expected a one-tick answer, got: ${reference.body.toString('utf8').slice(0, 200)}`);
    }

    const spec: BareResponse = {
      bodyBase64: reference.body.toString('base64'),
      contentType,
      cacheControl,
      keepAliveTimeoutMs: Number(keepAlive[1]) * 1000,
    };
    const bare = await startChild(process.execPath, tsxArgs('tests/programs/bench/servers/bare-http-server.ts'), {
      ready: READY,
      timeoutMs: START_TIMEOUT_MS,
      stdin: JSON.stringify(spec),
    });
    children.push(bare);
    const barePort = readyJson<BareReady>(bare).port;

    // A fair race needs the same bytes on the wire from both; only the Date line may differ.
    const baseline = await fetchRaw(barePort, target);
    if (withoutDate(baseline.wire) !== withoutDate(reference.wire)) {
      throw new Error(
        `the bare server's response differs from ours:\n--- ours\n${withoutDate(reference.wire)}\n--- bare\n${withoutDate(baseline.wire)}`,
      );
    }

    const oursUrl = `http://127.0.0.1:${oursPort}${target}`;
    const bareUrl = `http://127.0.0.1:${barePort}${target}`;
    const wrk = (url: string, seconds: number) => runWrk(url, { connections, durationSeconds: seconds });

    await wrk(bareUrl, warmupSeconds);
    await wrk(oursUrl, warmupSeconds);
    const measured: { bare: WrkResult; ours: WrkResult }[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternating who goes first cancels a machine that slowly gets busier or quieter during the run.
      const bareFirst = round % 2 === 1;
      const first = await wrk(bareFirst ? bareUrl : oursUrl, durationSeconds);
      const second = await wrk(bareFirst ? oursUrl : bareUrl, durationSeconds);
      const [bareRun, oursRun] = bareFirst ? [first, second] : [second, first];
      debug('round %d: bare %d req/s, ours %d req/s', round, bareRun.requestsPerSecond, oursRun.requestsPerSecond);
      measured.push({ bare: bareRun, ours: oursRun });
    }

    const bareMedianRps = median(measured.map((r) => r.bare.requestsPerSecond));
    const oursMedianRps = median(measured.map((r) => r.ours.requestsPerSecond));
    const ratio = oursMedianRps / bareMedianRps;
    return {
      target,
      bodyBytes: reference.body.length,
      responseBytes: reference.wire.length,
      connections,
      durationSeconds,
      rounds: measured,
      bareMedianRps,
      oursMedianRps,
      ratio,
      pass: ratio >= POLL_THROUGHPUT_TARGET,
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}
