import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { LONG_POLL_PATH } from '../../../../lib/protocol/long-poll-api';
import { errorResponseSchema, pollResponseSchema, SHUTTING_DOWN_STATUS } from '../../../../lib/protocol/poll-api';
import { createAppServer } from '../../../../server/app-server';
import { DEFAULT_ABUSE_LIMITS } from '../../../../server/guard/abuse-limits';
import { ticksOf } from '../../support/poll-client';
import { RawHttpConnection, type RawResponse } from '../../support/raw-http';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../../support/start-test-server';

/** A long poll as a raw request, with only the Host header (and an Origin if given). */
function longPollRequest(query: string, { method = 'GET', origin }: { method?: string; origin?: string } = {}): string {
  const originLine = origin === undefined ? '' : `Origin: ${origin}\r\n`;
  return `${method} ${LONG_POLL_PATH}${query ? `?${query}` : ''} HTTP/1.1\r\nHost: 127.0.0.1\r\n${originLine}\r\n`;
}

/** A long poll on a connection of its own, answered at once (or after the hold, if it is held). */
async function longPoll(server: { port: number }, query: string, method = 'GET'): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(server.port);
  return connection.send(longPollRequest(query, { method }), method === 'HEAD');
}

/** Sends a long poll on a new connection and resolves once the server holds it. */
async function heldPoll(server: Pick<TestServer, 'app' | 'port'>, query: string): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.open(server.port);
  const before = server.app.longPolls.waiting;
  connection.write(longPollRequest(query));
  await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(before + 1));
  return connection;
}

const upToDate = (server: TestServer, tab = newTabId()) => `since=${server.engine.latestSeq}&epoch=${TEST_EPOCH}&tab=${tab}`;

function emptyAnswer(server: TestServer): string {
  return JSON.stringify({ kind: 'ticks', epoch: TEST_EPOCH, seq: server.engine.latestSeq, gap: false, more: false, ticks: [] });
}

describe('long-poll endpoint', () => {
  describe('answered at once', () => {
    it('should answer a poll that is behind with the ticks after since, without holding it', async () => {
      const server = await startTestServer();
      const tab = newTabId();
      server.step(5);

      const answer = await longPoll(server, `since=2&epoch=${TEST_EPOCH}&tab=${tab}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      const response = pollResponseSchema.parse(JSON.parse(answer.body));
      expect(ticksOf(response)).toEqual(server.engine.history().slice(2));
      expect(server.app.ledger.report(tab).breakdown.longpolling).toMatchObject({ heldPolls: 0, heldMs: 0 });
    });

    it.each([
      ['no since', ''],
      ['another epoch', `since=3&epoch=${TEST_EPOCH + 1}`],
      ['a since from the future', `since=9&epoch=${TEST_EPOCH}`],
    ])('should answer a poll with %s with the snapshot, without holding it', async (_name, query) => {
      const server = await startTestServer();
      const tab = newTabId();
      server.step(3);

      const answer = await longPoll(server, `${query}${query ? '&' : ''}tab=${tab}`);
      expect(pollResponseSchema.parse(JSON.parse(answer.body))).toEqual({ kind: 'snapshot', snapshot: server.engine.snapshot() });
      expect(server.app.ledger.report(tab).breakdown.longpolling.heldPolls).toBe(0);
    });
  });

  describe('held', () => {
    it('should hold a poll that is up to date until the next tick, and answer with exactly that tick', async () => {
      const server = await startTestServer();
      server.step(3);
      const connection = await heldPoll(server, upToDate(server));
      expect(connection.bytesReceived).toBe(0);

      server.step();
      const answer = await connection.read();
      expect(answer.status).toBe(200);
      const response = pollResponseSchema.parse(JSON.parse(answer.body));
      expect(response).toMatchObject({ kind: 'ticks', epoch: TEST_EPOCH, seq: 4, gap: false, more: false });
      expect(ticksOf(response)).toEqual(server.engine.history().slice(3));
      expect(server.app.longPolls.waiting).toBe(0);
    });

    it('should hold a poll without an epoch that is up to date', async () => {
      const server = await startTestServer();
      server.step(2);
      const connection = await heldPoll(server, 'since=2');

      server.step();
      expect(ticksOf(pollResponseSchema.parse(JSON.parse((await connection.read()).body))).map((tick) => tick.seq)).toEqual([3]);
    });

    it('should answer every held poll with one body, encoded once for all of them', async () => {
      const server = await startTestServer();
      server.step(3);
      const connections: RawHttpConnection[] = [];
      for (let i = 0; i < 20; i++) connections.push(await heldPoll(server, upToDate(server)));
      const encode = vi.spyOn(server.app.feed, 'resume');

      server.step();
      const answers = await Promise.all(connections.map((connection) => connection.read()));
      expect(encode).toHaveBeenCalledTimes(1);
      const shared = server.app.feed.pollBody({ since: 3, epoch: TEST_EPOCH }).bytes.toString();
      expect(answers.map((answer) => answer.body)).toEqual(Array<string>(20).fill(shared));
      expect(server.app.longPolls.waiting).toBe(0);
    });

    it('should answer a HEAD poll held until the next tick with the headers of the GET', async () => {
      const server = await startTestServer();
      server.step(2);
      const connection = await RawHttpConnection.open(server.port);
      connection.write(longPollRequest(upToDate(server), { method: 'HEAD' }));
      await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));

      server.step();
      const head = await connection.read(true);
      expect(head.status).toBe(200);
      expect(Number(head.headers['content-length'])).toBe(server.app.feed.pollBody({ since: 2, epoch: TEST_EPOCH }).bytes.length);
      // Nothing followed the headers: the next poll on the connection is answered as it should be.
      expect(pollResponseSchema.parse(JSON.parse((await connection.send(longPollRequest('since=0'))).body))).toMatchObject({ seq: 3 });
    });

    it('should answer a poll held for the hold time with no ticks', async () => {
      const server = await startTestServer({}, { longPollHoldMs: 300 });
      server.step(3);
      const connection = await heldPoll(server, upToDate(server));

      const answer = await connection.read();
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(emptyAnswer(server));
      expect(server.app.longPolls.waiting).toBe(0);
    });

    it('should time out each held poll after its own hold time, and keep the connection for the next poll', async () => {
      const server = await startTestServer({}, { longPollHoldMs: 300 });
      server.step(3);
      const first = await heldPoll(server, upToDate(server));
      const second = await heldPoll(server, upToDate(server));

      expect((await first.read()).body).toBe(emptyAnswer(server));
      // One that comes after the first has timed out waits its own hold time, the timer set again for it.
      const third = await RawHttpConnection.open(server.port);
      third.write(longPollRequest(upToDate(server)));
      expect((await second.read()).body).toBe(emptyAnswer(server));
      expect((await third.read()).body).toBe(emptyAnswer(server));
      expect(server.app.longPolls.waiting).toBe(0);

      // The connections stay open for the next poll, which is held in turn and answered by a tick.
      first.write(longPollRequest(upToDate(server)));
      await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));
      server.step();
      expect(ticksOf(pollResponseSchema.parse(JSON.parse((await first.read()).body))).map((tick) => tick.seq)).toEqual([4]);
    });

    it('should answer a poll held for longer than the server’s request timeout: that timeout covers receiving the request', async () => {
      const engine = new MarketEngine({ symbols: 5, seed: 7 }, { epoch: TEST_EPOCH });
      const app = createAppServer(engine, undefined, { longPollHoldMs: 1500 });
      // The server's own request timeout (30 s, checked every 30 s), shortened and checked often: a held
      // poll would be cut at once if the timeout ran until the answer.
      Object.assign(app.http, { requestTimeout: 300, headersTimeout: 300, connectionsCheckingInterval: 50 });
      await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
      onTestFinished(async () => {
        await app.close();
      });
      const port = (app.http.address() as AddressInfo).port;
      const server = { app, port };
      engine.step();

      const held = await heldPoll(server, `since=1&epoch=${TEST_EPOCH}`);
      // A request that never finishes arriving, on the same server, is cut by the same timeout.
      const unfinished = await RawHttpConnection.open(port);
      unfinished.write(`GET ${LONG_POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      expect((await unfinished.read()).status).toBe(408);

      const answer = await held.read();
      expect(answer.status).toBe(200);
      expect(pollResponseSchema.parse(JSON.parse(answer.body))).toEqual({
        kind: 'ticks',
        epoch: TEST_EPOCH,
        seq: 1,
        gap: false,
        more: false,
        ticks: [],
      });
    });
  });

  describe('clients that go away', () => {
    it('should stop holding a poll whose client closed its connection, and write nothing to it', async () => {
      const server = await startTestServer();
      server.step(3);
      const gone = await heldPoll(server, upToDate(server));
      const staying = await heldPoll(server, upToDate(server));

      gone.close();
      await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));
      server.step();
      expect(ticksOf(pollResponseSchema.parse(JSON.parse((await staying.read()).body))).map((tick) => tick.seq)).toEqual([4]);
      expect(server.app.longPolls.waiting).toBe(0);
    });
  });

  describe('refusals', () => {
    it.each([
      ['since=-1', /"since" must be a non-negative integer/],
      ['since=1&since=2', /parameter "since" is given more than once/],
      ['foo=1', /unknown parameter "foo"/],
      ['tab=short', /"tab" must be 8–64 letters, digits, _ or -/],
    ])('should refuse %s with 400 and a JSON message', async (query, message) => {
      const server = await startTestServer();
      const answer = await longPoll(server, query);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(message);
    });

    it.each(['POST', 'PUT', 'DELETE'])('should refuse %s with 405 and name the allowed methods', async (method) => {
      const server = await startTestServer();
      const answer = await longPoll(server, `since=0&epoch=${TEST_EPOCH}&tab=${newTabId()}`, method);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
      expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(/use GET/);
    });

    it('should refuse a tab past its poll rate with 429 and a Retry-After, and book the refusal to its long polling', async () => {
      const server = await startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, pollRatePerTab: 1 } });
      const tab = newTabId();
      server.step(3);
      const query = `since=0&epoch=${TEST_EPOCH}&tab=${tab}`;
      // A burst of two seconds' worth: 2 polls.
      expect([(await longPoll(server, query)).status, (await longPoll(server, query)).status]).toEqual([200, 200]);

      const refused = await longPoll(server, query);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(errorResponseSchema.parse(JSON.parse(refused.body)).error).toMatch(/too many polls/);
      const report = server.app.ledger.report(tab);
      expect(report.refusedPolls).toBe(1);
      expect(report.modes.longpolling.requests).toBe(3);
    });

    it('should refuse a poll from a page of another origin with 403, and answer one from a listed origin', async () => {
      const listed = 'https://dashboard.example';
      const server = await startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, allowedOrigins: [listed] } });
      server.step(2);
      const query = `since=0&epoch=${TEST_EPOCH}&tab=${newTabId()}`;

      const foreign = await (await RawHttpConnection.open(server.port)).send(longPollRequest(query, { origin: 'https://elsewhere.example' }));
      expect(foreign.status).toBe(403);
      expect(errorResponseSchema.parse(JSON.parse(foreign.body)).error).toBe('pages from https://elsewhere.example may not use this server');
      const allowed = await (await RawHttpConnection.open(server.port)).send(longPollRequest(query, { origin: listed }));
      expect(allowed.status).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(listed);
    });

    it('should answer every held poll at once when the server shuts down, with a Retry-After, and close their connections', async () => {
      const server = await startTestServer();
      server.step(3);
      const connections = [await heldPoll(server, upToDate(server)), await heldPoll(server, upToDate(server))];

      expect(server.app.longPolls.releaseAll()).toBe(2);
      for (const connection of connections) {
        const answer = await connection.read();
        expect(answer.status).toBe(SHUTTING_DOWN_STATUS);
        expect(answer.headers['retry-after']).toBe('1');
        expect(answer.headers.connection).toBe('close');
        expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(/shutting down/);
        await vi.waitFor(() => expect(connection.ended).toBe(true));
      }
      expect(server.app.longPolls.waiting).toBe(0);
    });
  });
});
