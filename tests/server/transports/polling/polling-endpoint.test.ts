import { describe, expect, it } from 'vitest';
import { errorResponseSchema, POLL_MAX_TICKS } from '../../../../lib/protocol/poll-api';
import { poll, pollText, ticksOf } from '../../support/poll-client';
import { RawHttpConnection } from '../../support/raw-http';
import { startTestServer, TEST_EPOCH } from '../../../support/start-test-server';

describe('polling endpoint', () => {
  describe('answers', () => {
    it('should answer a poll without since with a snapshot of every price', async () => {
      const server = await startTestServer({ symbols: 7 });
      server.step(3);

      const answer = await pollText(server.url);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      const response = await poll(server.url);
      expect(response).toEqual({ kind: 'snapshot', snapshot: server.engine.snapshot() });
      expect(response.kind === 'snapshot' && response.snapshot).toMatchObject({ epoch: TEST_EPOCH, seq: 3 });
      expect(response.kind === 'snapshot' && response.snapshot.prices).toHaveLength(7);
    });

    it('should answer with exactly the ticks after since, in order', async () => {
      const server = await startTestServer();
      server.step(10);

      const response = await poll(server.url, 'since=4');
      expect(response).toMatchObject({ kind: 'ticks', epoch: TEST_EPOCH, seq: 10, gap: false, more: false });
      const ticks = ticksOf(response);
      expect(ticks.map((tick) => tick.seq)).toEqual([5, 6, 7, 8, 9, 10]);
      expect(ticks).toEqual(server.engine.history().slice(4));
    });

    it('should answer a client that is up to date with no ticks', async () => {
      const server = await startTestServer();
      server.step(5);

      const response = await poll(server.url, `since=5&epoch=${TEST_EPOCH}`);
      expect(response).toEqual({ kind: 'ticks', epoch: TEST_EPOCH, seq: 5, gap: false, more: false, ticks: [] });
    });

    it('should flag a gap when since is older than the history, and return what is held', async () => {
      // A tick a second for 60 s: the history holds 60 ticks.
      const server = await startTestServer({ tickIntervalMs: 1000, historySeconds: 60 });
      server.step(100);

      const lost = await poll(server.url, 'since=10');
      expect(lost).toMatchObject({ kind: 'ticks', gap: true, more: false, seq: 100 });
      expect(ticksOf(lost).map((tick) => tick.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 41 + i));

      expect(await poll(server.url, 'since=39')).toMatchObject({ gap: true });
      const edge = await poll(server.url, 'since=40');
      expect(edge).toMatchObject({ gap: false });
      expect(ticksOf(edge)[0]?.seq).toBe(41);
    });

    it(`should cap an answer at ${POLL_MAX_TICKS} ticks and say there is more`, async () => {
      const server = await startTestServer();
      server.step(POLL_MAX_TICKS + 100);

      const first = await poll(server.url, 'since=0');
      expect(first).toMatchObject({ kind: 'ticks', more: true, gap: false, seq: POLL_MAX_TICKS + 100 });
      const firstTicks = ticksOf(first);
      expect(firstTicks).toHaveLength(POLL_MAX_TICKS);
      expect(firstTicks.at(-1)?.seq).toBe(POLL_MAX_TICKS);

      const rest = await poll(server.url, `since=${POLL_MAX_TICKS}`);
      expect(rest).toMatchObject({ more: false });
      expect(ticksOf(rest).map((tick) => tick.seq)).toEqual(Array.from({ length: 100 }, (_, i) => POLL_MAX_TICKS + 1 + i));
    });

    it('should answer with a snapshot when the epoch is from another market', async () => {
      const server = await startTestServer();
      server.step(5);

      expect(await poll(server.url, `since=2&epoch=${TEST_EPOCH + 1}`)).toEqual({
        kind: 'snapshot',
        snapshot: server.engine.snapshot(),
      });
      expect(await poll(server.url, `since=2&epoch=${TEST_EPOCH}`)).toMatchObject({ kind: 'ticks' });
    });

    it('should answer with a snapshot when since is ahead of the latest tick', async () => {
      const server = await startTestServer();
      server.step(5);

      expect(await poll(server.url, 'since=6')).toMatchObject({ kind: 'snapshot' });
      expect(await poll(server.url, `since=999999999999999&epoch=${TEST_EPOCH}`)).toMatchObject({ kind: 'snapshot' });
    });

    it('should accept a valid tab id', async () => {
      const server = await startTestServer();
      server.step(2);

      expect(await poll(server.url, 'since=1&tab=abcdefgh_-12')).toMatchObject({ kind: 'ticks', seq: 2 });
    });

    it('should answer HEAD with the headers of GET and no body', async () => {
      const server = await startTestServer();
      server.step(2);
      const connection = await RawHttpConnection.open(server.port);

      const get = await connection.get('/api/ticks?since=0');
      const head = await connection.get('/api/ticks?since=0', 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
      // The next request on the connection is answered normally: no stray body was sent after the headers.
      expect((await connection.get('/api/ticks?since=2')).status).toBe(200);
    });
  });

  describe('bad input', () => {
    it.each([
      ['since=-1', /"since" must be a non-negative integer/],
      ['since=abc', /"since" must be a non-negative integer/],
      ['since=1.5', /"since" must be a non-negative integer/],
      ['since=1e3', /"since" must be a non-negative integer/],
      ['since=', /"since" must be a non-negative integer/],
      ['since=99999999999999999999', /"since" must be a non-negative integer/],
      ['since=1&since=2', /parameter "since" is given more than once/],
      ['epoch=x&since=1', /"epoch" must be a non-negative integer/],
      ['foo=1', /unknown parameter "foo"/],
      ['__proto__=1', /unknown parameter "__proto__"/],
      ['since=1&constructor=x', /unknown parameter "constructor"/],
      ['tab=bad!tab!id', /"tab" must be 8–64 letters, digits, _ or -/],
      ['tab=short', /"tab" must be 8–64 letters, digits, _ or -/],
      [`tab=${'a'.repeat(65)}`, /"tab" must be 8–64/],
    ])('should reject %s with 400 and a JSON message', async (query, message) => {
      const server = await startTestServer();
      server.step(3);

      const answer = await pollText(server.url, query);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(errorResponseSchema.parse(JSON.parse(answer.text)).error).toMatch(message);
      expect(await poll(server.url, 'since=1')).toMatchObject({ kind: 'ticks', seq: 3 });
    });

    it.each(['POST', 'PUT', 'DELETE'])('should refuse %s with 405 and name the allowed methods', async (method) => {
      const server = await startTestServer();

      const response = await fetch(`${server.url}/api/ticks?since=0`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(errorResponseSchema.parse(await response.json()).error).toMatch(/use GET/);
    });

    it('should keep serving ticks after a run of bad requests', async () => {
      const server = await startTestServer();
      const connection = await RawHttpConnection.open(server.port);
      const bad = ['since=-1', 'since=abc', 'since=1&since=1', 'nope=1', 'tab=%00%00%00%00%00%00%00%00', 'since=%E0%A4%A'];
      for (const query of bad) expect((await connection.get(`/api/ticks?${query}`)).status).toBe(400);

      server.step(2);
      const answer = await connection.get('/api/ticks?since=0');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ kind: 'ticks', seq: 2 });
    });
  });
});
