import { randomInt } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, onTestFailed } from 'vitest';
import { LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { errorResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { SSE_PATH, SSE_RESUME_EVENT } from '../../../lib/protocol/sse-api';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../server/guard/abuse-limits';
import { createFuzz } from '../support/fuzz-random';
import { badHandshake, badHttpRequest, badPollQuery, badSocketFrames, badSseRequest, badWebSocketUpgrade } from '../support/hostile-inputs';
import { ticksOf, poll } from '../support/poll-client';
import { ProbingWebSocket, type ProbeOutcome } from '../support/probing-websocket';
import { RawEventStream } from '../support/raw-event-stream';
import { RawHttpConnection, type RawResponse } from '../support/raw-http';
import { parseResponses, rawExchange, type ParsedResponse } from '../support/raw-exchange';
import { maskedFrame, RawWebSocket } from '../support/raw-websocket';
import { webSocketExchange } from '../support/websocket-exchange';
import { connectClient, newTabId, nextTicks } from '../../support/socket-client';
import { startTestServer, type TestServer } from '../../support/start-test-server';

/** FUZZ_SEED=<n> replays a run; without it every run draws new inputs. Each kind of input draws from its own offset of it. */
const SEED = process.env.FUZZ_SEED === undefined ? randomInt(2 ** 31) : Number.parseInt(process.env.FUZZ_SEED, 10);

// 10,900 in all, spread over the five transports' entry points and the rest of the server.
const COUNTS = {
  polls: 3000,
  sseRequests: 1200,
  requests: 2000,
  handshakes: 1200,
  socketInputs: 1500,
  webSocketUpgrades: 1200,
  webSocketInputs: 800,
} as const;

/** How long one input may take to be answered before it counts as a hang. */
const ANSWER_MS = 5000;
/** Connections in use at once; the inputs are spread over them. */
const CONCURRENCY = 12;
/** Polls written at once on one keep-alive connection before their answers are read. */
const PIPELINE_DEPTH = 25;
/**
 * What the live heap may grow by over thousands of refused inputs, once collected: a few MB is what the
 * ledger keeps for the tabs the inputs named; a leak of 10 KB an input would be four times this.
 */
const HEAP_GROWTH_LIMIT_BYTES = 24 * 1024 * 1024;
/** Failures listed in full; the count of the rest is still reported. */
const FAILURES_SHOWN = 20;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Failure {
  readonly input: string;
  readonly problem: string;
}

class Failures {
  readonly list: Failure[] = [];
  count = 0;

  add(input: Buffer | string, problem: string): void {
    this.count += 1;
    const text = typeof input === 'string' ? input : input.toString('latin1');
    if (this.list.length < FAILURES_SHOWN) this.list.push({ input: JSON.stringify(text.slice(0, 300)), problem });
  }
}

function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function openConnections(server: TestServer): Promise<number> {
  return new Promise((resolve, reject) => server.app.http.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

async function eventually(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Runs `task` for 0…count-1, at most `concurrency` at a time, each worker taking the next index. */
async function runAll(count: number, concurrency: number, task: (index: number, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < count; index = next++) await task(index, worker);
    }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Why an HTTP answer is not the clear refusal every input here must get, or undefined if it is one. */
function problemWith(response: ParsedResponse | RawResponse): string | undefined {
  if (response.status < 400 || response.status > 499) return `status ${response.status}`;
  // Node answers a few requests itself (no Host header, an Expect it cannot meet) with an empty body.
  if (response.body === '') return response.status === 400 || response.status === 417 ? undefined : `status ${response.status} without a body`;
  if (response.headers['content-type'] !== 'application/json; charset=utf-8') return `content type ${response.headers['content-type']}`;
  try {
    errorResponseSchema.parse(JSON.parse(response.body));
    return undefined;
  } catch {
    return `body ${response.body.slice(0, 100)}`;
  }
}

/** Every answer to raw bytes on a connection of their own must be refusals, and the server must close it. */
function checkExchange(input: Buffer, data: Buffer, closed: boolean, failures: Failures): void {
  if (!closed) return failures.add(input, `no close within ${ANSWER_MS} ms; got ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const { responses, rest } = parseResponses(data);
  if (responses.length === 0)
    return failures.add(input, `closed without an answer; got ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  if (rest.length > 0) failures.add(input, `unreadable bytes after the answers: ${JSON.stringify(rest.toString('latin1').slice(0, 100))}`);
  for (const response of responses) {
    const problem = problemWith(response);
    if (problem) failures.add(input, problem);
  }
}

/**
 * The server as a viewer sees it while it is fuzzed: a subscriber that keeps getting every tick, and the
 * server's connections and live heap before, to compare once the fuzzing is over.
 */
async function watch(server: TestServer) {
  const bystander = await connectClient(server.url, newTabId());
  await bystander.emitWithAck('subscribe', {});
  server.step();
  const heapBefore = liveHeap();
  const connectionsBefore = await openConnections(server);
  const resourcesBefore = process.getActiveResourcesInfo().length;

  // One tick at a time, whichever worker asks: each must reach the bystander before the next is made.
  let ticking = Promise.resolve();
  const tickOnce = async () => {
    const tick = nextTicks(bystander, 1);
    server.step();
    const received = await withTimeout(tick, ANSWER_MS);
    if (received === 'timeout') throw new Error(`the bystander got no tick within ${ANSWER_MS} ms`);
    expect(decodeTick(received[0] ?? []).seq, 'the tick the bystander got').toBe(server.engine.latestSeq);
  };

  return {
    /** Makes a tick, which the bystander must get. */
    tick(): Promise<void> {
      ticking = ticking.then(tickOnce);
      return ticking;
    },
    /** Every fuzzing connection has gone, the heap is back near where it was, and new viewers are served. */
    async stillServing(failures: Failures): Promise<void> {
      expect(failures.list, `${failures.count} inputs were not refused cleanly; FUZZ_SEED=${SEED} replays them`).toEqual([]);
      await this.tick();
      expect(await eventually(async () => (await openConnections(server)) <= connectionsBefore, ANSWER_MS), 'connections closed').toBe(true);
      // engine.io hears of a closed connection a little after the HTTP server does.
      expect(await eventually(() => server.app.io.engine.clientsCount === 1, ANSWER_MS), 'Socket.IO connections closed').toBe(true);
      expect(
        await eventually(() => process.getActiveResourcesInfo().length <= resourcesBefore, ANSWER_MS),
        `handles and timers left: ${process.getActiveResourcesInfo().length} of ${resourcesBefore} before`,
      ).toBe(true);
      expect(liveHeap() - heapBefore, 'live heap growth').toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);

      const viewer = await connectClient(server.url, newTabId());
      expect(await viewer.emitWithAck('subscribe', { since: server.engine.latestSeq - 1 })).toMatchObject({ kind: 'ticks' });
      const live = nextTicks(viewer, 1);
      const since = server.engine.latestSeq;
      server.step();
      expect(decodeTick((await live)[0] ?? []).seq).toBe(since + 1);
      expect(ticksOf(await poll(server.url, `since=${since}`)).map((tick) => tick.seq)).toEqual([since + 1]);
      expect(ticksOf(await poll(server.url, `since=${since}`, LONG_POLL_PATH)).map((tick) => tick.seq)).toEqual([since + 1]);
      expect(server.app.longPolls.waiting, 'long polls held').toBe(0);
      const stream = await RawEventStream.open(server.port, `${SSE_PATH}?since=${since}&tab=${newTabId()}`);
      expect(await stream.next()).toMatchObject({ event: SSE_RESUME_EVENT, id: `${server.engine.epoch}:${since + 1}` });
      server.step();
      expect(await stream.next((event) => event.event === 'message')).toMatchObject({ id: `${server.engine.epoch}:${since + 2}` });
      stream.close();
    },
  };
}

/**
 * The poll rate limit out of the way: it would answer most generated polls 429 before their query is
 * read (request-guard tests cover it). Every other limit stays as it is by default.
 */
const FUZZ_LIMITS: AbuseLimits = { ...DEFAULT_ABUSE_LIMITS, pollRatePerTab: 1_000_000, pollRatePerAddress: 1_000_000 };

/** A server to fuzz, watched, and the draws for one kind of input: the run's seed plus `offset`. */
async function fuzzing(offset: number) {
  onTestFailed(() => console.error(`hostile input fuzz failed; FUZZ_SEED=${SEED} replays its inputs`));
  // A long poll is held 1 s, not 25: none of these inputs may be held at all, but one that were should not stall the run.
  const server = await startTestServer({}, { limits: FUZZ_LIMITS, longPollHoldMs: 1000 });
  return { fuzz: createFuzz(SEED + offset), server, watcher: await watch(server), failures: new Failures() };
}

/** Sends each input on a connection of its own, `check`s what came back, and makes a tick every `tickEvery` inputs. */
async function exchangeEach(
  { server, watcher, failures }: Awaited<ReturnType<typeof fuzzing>>,
  inputs: readonly Buffer[],
  tickEvery: number,
  check: (input: Buffer, data: Buffer, closed: boolean) => void,
): Promise<void> {
  await runAll(inputs.length, CONCURRENCY, async (index) => {
    const input = inputs[index] ?? Buffer.alloc(0);
    const { data, closed } = await rawExchange(server.port, input, ANSWER_MS);
    check(input, data, closed);
    if (index % tickEvery === 0) await watcher.tick();
  });
  await watcher.stillServing(failures);
}

/**
 * Writes the requests PIPELINE_DEPTH at a time on CONCURRENCY keep-alive connections, reads each answer,
 * which must be a JSON error with one of `statuses`, and makes a tick every 40 batches. An answer that
 * does not come (a stream opened, say) counts as a failure and its connection is replaced.
 */
async function pipelineEach(
  { server, watcher, failures }: Awaited<ReturnType<typeof fuzzing>>,
  requests: readonly string[],
  statuses: readonly number[],
): Promise<void> {
  const batches = Math.ceil(requests.length / PIPELINE_DEPTH);
  const connections = await Promise.all(Array.from({ length: CONCURRENCY }, () => RawHttpConnection.open(server.port)));

  await runAll(batches, CONCURRENCY, async (batch, worker) => {
    const batchRequests = requests.slice(batch * PIPELINE_DEPTH, (batch + 1) * PIPELINE_DEPTH);
    let connection = connections[worker] ?? (await RawHttpConnection.open(server.port));
    connection.write(batchRequests.join(''));
    for (const request of batchRequests) {
      const answer = await withTimeout(connection.read(), ANSWER_MS);
      if (answer === 'timeout') {
        failures.add(request, `no answer within ${ANSWER_MS} ms`);
        connection.close();
        connection = await RawHttpConnection.open(server.port);
        connections[worker] = connection;
        break;
      }
      const problem = problemWith(answer) ?? (statuses.includes(answer.status) ? undefined : `status ${answer.status}`);
      if (problem) failures.add(request, problem);
    }
    if (batch % 40 === 0) await watcher.tick();
  });
  for (const connection of connections) connection.close();

  await watcher.stillServing(failures);
}

describe('hostile input fuzz', () => {
  it(
    `should refuse ${COUNTS.polls} generated bad poll and long-poll queries with a 400 or 414 and a JSON error each, pipelined`,
    { timeout: 60_000 },
    async () => {
      const fuzzed = await fuzzing(0);
      const requests = Array.from(
        { length: COUNTS.polls },
        () => `GET ${fuzzed.fuzz.pick([POLL_PATH, LONG_POLL_PATH])}?${badPollQuery(fuzzed.fuzz)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      );

      await pipelineEach(fuzzed, requests, [400, 414]);
    },
  );

  it(
    `should refuse ${COUNTS.sseRequests} generated bad SSE requests with a 400, 405 or 414 and a JSON error each, pipelined`,
    { timeout: 60_000 },
    async () => {
      const fuzzed = await fuzzing(4);
      const requests = Array.from({ length: COUNTS.sseRequests }, () => badSseRequest(fuzzed.fuzz));

      await pipelineEach(fuzzed, requests, [400, 405, 414]);
    },
  );

  it(
    `should answer ${COUNTS.requests} generated malformed HTTP requests over raw TCP with a 4xx each, and close`,
    { timeout: 60_000 },
    async () => {
      const fuzzed = await fuzzing(1);
      const requests = Array.from({ length: COUNTS.requests }, () => badHttpRequest(fuzzed.fuzz));

      await exchangeEach(fuzzed, requests, 500, (request, data, closed) => checkExchange(request, data, closed, fuzzed.failures));
    },
  );

  it(
    `should refuse ${COUNTS.handshakes} generated bad Socket.IO handshakes with a 4xx and a JSON error each, never a 101`,
    { timeout: 60_000 },
    async () => {
      const fuzzed = await fuzzing(2);
      const handshakes = Array.from({ length: COUNTS.handshakes }, () => badHandshake(fuzzed.fuzz));

      await exchangeEach(fuzzed, handshakes, 300, (handshake, data, closed) => {
        if (data.includes('HTTP/1.1 101 ')) fuzzed.failures.add(handshake, 'upgraded');
        else checkExchange(handshake, data, closed, fuzzed.failures);
      });
    },
  );

  it(
    `should close, refuse or keep answering after each of ${COUNTS.socketInputs} generated bad Socket.IO inputs, never hang`,
    { timeout: 60_000 },
    async () => {
      const { fuzz, server, watcher, failures } = await fuzzing(3);
      const inputs = Array.from({ length: COUNTS.socketInputs }, () => badSocketFrames(fuzz));
      const outcomes: Record<ProbeOutcome, number> = { answered: 0, closed: 0, timeout: 0 };
      const sockets: (ProbingWebSocket | undefined)[] = [];
      let refusals = 0;

      await runAll(inputs.length, CONCURRENCY, async (index, worker) => {
        const frames = inputs[index] ?? [];
        const socket = sockets[worker] ?? (await ProbingWebSocket.open(server.port, ANSWER_MS));
        sockets[worker] = socket;
        const before = socket.refusals;
        socket.send(frames);
        const outcome = await socket.probe(1_000_000 + index, ANSWER_MS);
        outcomes[outcome] += 1;
        refusals += socket.refusals - before;
        if (outcome === 'timeout') failures.add(Buffer.concat(frames).toString('latin1'), `neither answered nor closed within ${ANSWER_MS} ms`);
        if (outcome !== 'answered') {
          socket.destroy();
          sockets[worker] = undefined;
        }
        if (index % 500 === 0) await watcher.tick();
      });
      for (const socket of sockets) socket?.destroy();

      // Each kind of outcome happened: the inputs reached the server's every way of refusing.
      expect(outcomes.closed, 'connections closed').toBeGreaterThan(0);
      expect(outcomes.answered, 'connections still answering').toBeGreaterThan(0);
      expect(refusals, 'refusals through an acknowledgement').toBeGreaterThan(0);
      await watcher.stillServing(failures);
    },
  );
  it(
    `should refuse ${COUNTS.webSocketUpgrades} generated bad plain WebSocket upgrades with a 4xx and a JSON error each, never a 101`,
    { timeout: 60_000 },
    async () => {
      const fuzzed = await fuzzing(4);
      const upgrades = Array.from({ length: COUNTS.webSocketUpgrades }, () => badWebSocketUpgrade(fuzzed.fuzz));

      await exchangeEach(fuzzed, upgrades, 200, (upgrade, data, closed) => {
        if (data.includes('HTTP/1.1 101 ')) fuzzed.failures.add(upgrade, 'upgraded');
        else checkExchange(upgrade, data, closed, fuzzed.failures);
      });
    },
  );

  it(
    `should close the plain WebSocket after each of ${COUNTS.webSocketInputs} generated bad inputs, never hang`,
    { timeout: 60_000 },
    async () => {
      const { fuzz, server, watcher, failures } = await fuzzing(5);
      const inputs = Array.from({ length: COUNTS.webSocketInputs }, () => badSocketFrames(fuzz));
      // Behind every input, a message: the endpoint takes none, so a connection the input left open is closed for it.
      const probe = maskedFrame(0x1, Buffer.from('probe')).bytes;
      const codes = new Map<number | 'none', number>();

      await runAll(inputs.length, CONCURRENCY, async (index) => {
        const frames = inputs[index] ?? [];
        const request = Buffer.from(RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`), 'latin1');
        const outcome = await webSocketExchange(server.port, request, [...frames, probe], ANSWER_MS);
        const input = Buffer.concat(frames).toString('latin1');
        if (!outcome.upgraded) failures.add(input, 'not upgraded');
        else if (!outcome.closed) failures.add(input, `not closed within ${ANSWER_MS} ms`);
        const code = outcome.closeCode ?? 'none';
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (index % 100 === 0) await watcher.tick();
      });

      // Each way of closing happened: for the message (1003), and for frames that break the protocol.
      expect(codes.get(1003), 'closed for a message').toBeGreaterThan(0);
      expect(codes.get(1002), 'closed for a protocol error').toBeGreaterThan(0);
      await watcher.stillServing(failures);
      expect(server.app.websocket.clientCount).toBe(0);
    },
  );
});
