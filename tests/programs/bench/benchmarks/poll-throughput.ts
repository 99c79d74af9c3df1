import path from 'node:path';
import createDebug from 'debug';
import { POLL_PATH, pollResponseSchema } from '../../../../lib/protocol/poll-api';
import { startChild, tsxArgs } from '../processes/child-process';
import { CommandChannel } from '../processes/command-channel';
import type { BareResponse } from '../servers/bare-http-server';
import type { ServerReady, ServerSample } from '../servers/server-child';
import { fetchRaw, withoutDate } from './raw-response';
import { median } from '../report/statistics';
import { runWrk, type WrkResult } from '../processes/wrk';

const debug = createDebug('ticker:bench:poll');

/** The requirement: our polling endpoint serves at least this fraction of a bare server's requests per second. */
export const POLL_THROUGHPUT_TARGET = 0.9;

export interface PollThroughputOptions {
  /** Measured rounds, each with fresh processes of both servers, one run of each in alternating order. Default 7. */
  readonly rounds?: number;
  /** Seconds of each measured wrk run. Default 6. */
  readonly durationSeconds?: number;
  /** Seconds of the unmeasured warm-up run against each server. Default 2. */
  readonly warmupSeconds?: number;
  /** wrk's open connections. Default 50. */
  readonly connections?: number;
  /** Tabs the polls name in turn: enough that each polls about as often as a page at its fastest. Default 6,000. */
  readonly tabs?: number;
}

/** One wrk run against one server, with what its polls brought and what the server spent on them. */
export interface PollRun {
  readonly wrk: WrkResult;
  /** Answers the script read (all 2xx: wrk fails the run otherwise). */
  readonly answered: number;
  /** Answers that carried at least one tick; the rest said "nothing new since". */
  readonly withTicks: number;
  /** Bytes wrk read over the answers: status lines, headers and bodies. */
  readonly bytesPerAnswer: number;
  /** The server's CPU time (user + system) over the run, per answer. */
  readonly serverMicrosPerAnswer: number;
  /** How busy the server was over the run: 1 is one core all the time. */
  readonly serverCores: number;
}

export interface PollThroughputResult {
  readonly connections: number;
  readonly tabs: number;
  readonly durationSeconds: number;
  readonly rounds: readonly { readonly bare: PollRun; readonly ours: PollRun }[];
  readonly bareMedianRps: number;
  readonly oursMedianRps: number;
  /** Ours over bare, from the medians. */
  readonly ratio: number;
  readonly bareMedianMicrosPerAnswer: number;
  readonly oursMedianMicrosPerAnswer: number;
  /** The most polls a second any one tab made of our server in any run (the bare server has no limit to keep under). */
  readonly maxPollsPerTabPerSecond: number;
  readonly pass: boolean;
}

const START_TIMEOUT_MS = 30_000;
const SCRIPT = path.join(import.meta.dirname, '../processes/keeping-up-polls.lua');
/** What the script prints when it is done. */
const POLLS_LINE = /^POLLS answered=(\d+) with-ticks=(\d+) snapshots=(\d+) bytes=(\d+)$/m;
/** How far the two servers' bytes per answer may differ: they answer the same polls from the same market. */
const BYTES_TOLERANCE = 0.02;

interface PollServer {
  readonly port: number;
  sample(): Promise<ServerSample>;
  stop(): Promise<void>;
}

async function startPollServer(file: string, args: readonly string[] = []): Promise<PollServer> {
  const child = await startChild(process.execPath, tsxArgs(file, args), {
    ready: /^READY (.+)$/m,
    timeoutMs: START_TIMEOUT_MS,
    keepStdinOpen: true,
  });
  const { port } = JSON.parse(child.ready[1] ?? '') as ServerReady;
  const channel = new CommandChannel(child.stdin, child.stdout, file);
  return { port, sample: () => channel.request<ServerSample>('sample'), stop: () => child.stop() };
}

/** Where a server's market stands now: its epoch and newest tick, read from a snapshot poll. */
async function marketState(port: number): Promise<{ epoch: number; seq: number }> {
  const answer = pollResponseSchema.parse(JSON.parse((await fetchRaw(port, POLL_PATH)).body.toString('utf8')));
  if (answer.kind !== 'snapshot') throw new Error(`a poll without since was answered with ${answer.kind}, not a snapshot`);
  return { epoch: answer.snapshot.epoch, seq: answer.snapshot.seq };
}

/** One wrk run of keeping-up polls against a server, with the server's CPU over it. */
async function measure(server: PollServer, seconds: number, connections: number, tabs: number): Promise<PollRun> {
  const { epoch, seq } = await marketState(server.port);
  const before = await server.sample();
  const wrk = await runWrk(`http://127.0.0.1:${server.port}/`, {
    connections,
    durationSeconds: seconds,
    script: { file: SCRIPT, args: [String(epoch), String(seq), String(tabs)] },
  });
  const after = await server.sample();
  const polls = POLLS_LINE.exec(wrk.output);
  if (!polls) throw new Error(`the poll script printed no totals:\n${wrk.output}`);
  const [answered, withTicks, snapshots, bytes] = polls.slice(1).map(Number);
  if (!answered || withTicks === undefined || bytes === undefined) throw new Error(`no poll was answered:\n${wrk.output}`);
  // A snapshot means a poll's since or epoch did not follow the market: not the keeping-up page measured here.
  if (snapshots) throw new Error(`${snapshots} of ${answered} polls were answered with a snapshot:\n${wrk.output}`);
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  return {
    wrk,
    answered,
    withTicks,
    bytesPerAnswer: bytes / answered,
    serverMicrosPerAnswer: cpuMicros / answered,
    serverCores: cpuMicros / 1000 / (after.atMs - before.atMs),
  };
}

/** Both servers, started afresh: ours, then the bare one with the headers ours answers with. */
async function startPair(): Promise<{ ours: PollServer; bare: PollServer; stop(): Promise<void> }> {
  const started: PollServer[] = [];
  const stop = () => Promise.all(started.map((server) => server.stop())).then(() => undefined);
  try {
    const ours = await startPollServer('tests/programs/bench/servers/live-poll-server.ts');
    started.push(ours);
    const reference = await fetchRaw(ours.port, POLL_PATH);
    const contentType = reference.headers['content-type'];
    const cacheControl = reference.headers['cache-control'];
    const keepAlive = /timeout=(\d+)/.exec(reference.headers['keep-alive'] ?? '');
    if (reference.status !== 200 || !contentType || !cacheControl || !keepAlive?.[1]) {
      throw new Error(`the polling endpoint did not answer as expected:\n${reference.wire.toString('utf8')}`);
    }
    const spec: BareResponse = { contentType, cacheControl, keepAliveTimeoutMs: Number(keepAlive[1]) * 1000 };
    const bare = await startPollServer('tests/programs/bench/servers/bare-http-server.ts', [JSON.stringify(spec)]);
    started.push(bare);

    // A fair race needs the same bytes on the wire from both. The two markets are the same but not in step
    // (each has its own epoch, clock and tick count), so the answers are compared with every number blanked.
    const shape = (wire: Buffer) => withoutDate(wire).replace(/\d+/g, '#');
    const baseline = await fetchRaw(bare.port, POLL_PATH);
    const oursNow = await fetchRaw(ours.port, POLL_PATH);
    if (shape(baseline.wire) !== shape(oursNow.wire)) {
      throw new Error(`the bare server's answer differs from ours:\n--- ours\n${shape(oursNow.wire)}\n--- bare\n${shape(baseline.wire)}`);
    }
    return { ours, bare, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Requests per second of our polling endpoint on the path a live page takes, against a bare node:http
 * server sending the same bytes. Ours is the server as `npm start` runs it (a market ticking every
 * 100 ms, the default limits); the polls keep up with it (each asks for the ticks after the newest one
 * seen) and name `tabs` tabs in turn. Each server and wrk run in their own processes, so the two servers
 * are measured alike: on two cores, wrk takes one and the server under load the other, the idle server
 * and this process sleep, and neither server's heap, JIT state or event loop carries anything of the other's.
 */
export async function runPollThroughput(options: PollThroughputOptions = {}): Promise<PollThroughputResult> {
  const rounds = options.rounds ?? 7;
  const durationSeconds = options.durationSeconds ?? 6;
  const warmupSeconds = options.warmupSeconds ?? 2;
  const connections = options.connections ?? 50;
  const tabs = options.tabs ?? 6000;
  const measured: { bare: PollRun; ours: PollRun }[] = [];
  for (let round = 1; round <= rounds; round++) {
    // A server process draws its speed once, when it starts: the same server measured 8.8 µs a poll in one
    // process and 12 µs in the next, steady in each (most of the difference is the kernel's writev, so
    // scheduling and placement rather than code). So each round races fresh processes of both servers, and
    // the medians are taken over several draws, not over repeats of one.
    const pair = await startPair();
    try {
      await measure(pair.bare, warmupSeconds, connections, tabs);
      await measure(pair.ours, warmupSeconds, connections, tabs);
      // Alternating who goes first cancels a machine that slowly gets busier or quieter during the run.
      const bareFirst = round % 2 === 1;
      const first = await measure(bareFirst ? pair.bare : pair.ours, durationSeconds, connections, tabs);
      const second = await measure(bareFirst ? pair.ours : pair.bare, durationSeconds, connections, tabs);
      const [bareRun, oursRun] = bareFirst ? [first, second] : [second, first];
      debug(
        'round %d: bare %d req/s (%d µs each), ours %d req/s (%d µs each)',
        round,
        bareRun.wrk.requestsPerSecond,
        bareRun.serverMicrosPerAnswer,
        oursRun.wrk.requestsPerSecond,
        oursRun.serverMicrosPerAnswer,
      );
      measured.push({ bare: bareRun, ours: oursRun });
    } finally {
      await pair.stop();
    }
  }

  const bareBytes = median(measured.map((r) => r.bare.bytesPerAnswer));
  const oursBytes = median(measured.map((r) => r.ours.bytesPerAnswer));
  if (Math.abs(oursBytes - bareBytes) > BYTES_TOLERANCE * bareBytes) {
    throw new Error(`the two servers' answers differ in size: ${oursBytes.toFixed(1)} B against the bare server's ${bareBytes.toFixed(1)} B`);
  }
  const bareMedianRps = median(measured.map((r) => r.bare.wrk.requestsPerSecond));
  const oursMedianRps = median(measured.map((r) => r.ours.wrk.requestsPerSecond));
  const ratio = oursMedianRps / bareMedianRps;
  return {
    connections,
    tabs,
    durationSeconds,
    rounds: measured,
    bareMedianRps,
    oursMedianRps,
    ratio,
    bareMedianMicrosPerAnswer: median(measured.map((r) => r.bare.serverMicrosPerAnswer)),
    oursMedianMicrosPerAnswer: median(measured.map((r) => r.ours.serverMicrosPerAnswer)),
    maxPollsPerTabPerSecond: Math.max(...measured.map((r) => r.ours.wrk.requestsPerSecond / tabs)),
    pass: ratio >= POLL_THROUGHPUT_TARGET,
  };
}
