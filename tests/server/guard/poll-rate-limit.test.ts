import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { errorResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { BURST_SECONDS, DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../server/guard/abuse-limits';
import { pollQuery } from '../../programs/load/polling-viewer';
import { RawHttpConnection } from '../support/raw-http';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: string;
}

async function pollAs(server: TestServer, tab: string | undefined): Promise<Answer> {
  const query = tab === undefined ? `since=0&epoch=${TEST_EPOCH}` : pollQuery(0, TEST_EPOCH, tab);
  const response = await fetch(`${server.url}${POLL_PATH}?${query}`);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

/** Polls `count` times at once, one after another, and gives the statuses in order. */
async function statusesOf(server: TestServer, tab: string | undefined, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await pollAs(server, tab)).status);
  return statuses;
}

function limited(limits: Partial<AbuseLimits>): { limits: AbuseLimits } {
  return { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits } };
}

describe('poll rate limit', () => {
  it('should answer 429 with a whole-second Retry-After and a JSON error once a tab has used its burst', async () => {
    const server = await startTestServer({}, limited({ pollRatePerTab: 1 }));
    const tab = newTabId();
    const burst = 1 * BURST_SECONDS;
    expect(await statusesOf(server, tab, burst)).toEqual(Array<number>(burst).fill(200));

    const refused = await pollAs(server, tab);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^[1-9]\d*$/);
    expect(errorResponseSchema.parse(JSON.parse(refused.body)).error).toMatch(/too many polls: at most 1 a second per tab/);
  });

  it('should let the tab poll again once it has waited as long as Retry-After says', async () => {
    const server = await startTestServer({}, limited({ pollRatePerTab: 1 }));
    const tab = newTabId();
    await statusesOf(server, tab, BURST_SECONDS);
    const refused = await pollAs(server, tab);
    expect(refused.status).toBe(429);

    await sleep(Number(refused.retryAfter) * 1000);
    expect((await pollAs(server, tab)).status).toBe(200);
  });

  it('should not limit one tab for another tab’s polls', async () => {
    const server = await startTestServer({}, limited({ pollRatePerTab: 1 }));
    const greedy = newTabId();
    await statusesOf(server, greedy, BURST_SECONDS);
    expect((await pollAs(server, greedy)).status).toBe(429);

    expect((await pollAs(server, newTabId())).status).toBe(200);
  });

  it('should hold polls that name no tab to a budget of their own per address', async () => {
    const server = await startTestServer({}, limited({ pollRatePerTab: 1 }));
    const statuses = await statusesOf(server, undefined, BURST_SECONDS + 1);
    expect(statuses.at(-1)).toBe(429);
    expect((await pollAs(server, newTabId())).status).toBe(200);
  });

  it('should not limit a tab polling every 100 ms, with catch-up bursts, at the default limit', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const statuses: number[] = [];
    for (let second = 0; second < 3; second++) {
      // A page catching up after a pause asks again at once while the server says there is more.
      statuses.push(...(await statusesOf(server, tab, 5)));
      for (let i = 0; i < 10; i++) {
        statuses.push((await pollAs(server, tab)).status);
        await sleep(100);
      }
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  describe('per address', () => {
    it('should bound a client that makes up a new tab id for every poll', async () => {
      const server = await startTestServer({}, limited({ pollRatePerAddress: 2, limitLoopback: true }));
      const statuses: number[] = [];
      for (let i = 0; i < 2 * BURST_SECONDS + 1; i++) statuses.push((await pollAs(server, newTabId())).status);
      expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
      const refused = await pollAs(server, newTabId());
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toMatch(/^[1-9]\d*$/);
      expect(refused.body).toMatch(/at most 2 a second from one address/);
    });

    it('should leave loopback alone unless told to limit it', async () => {
      const server = await startTestServer({}, limited({ pollRatePerAddress: 2 }));
      const statuses: number[] = [];
      for (let i = 0; i < 4 * BURST_SECONDS; i++) statuses.push((await pollAs(server, newTabId())).status);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    });
  });

  describe('metering', () => {
    it('should book a refused poll’s bytes to its tab and count it as refused', async () => {
      const server = await startTestServer({}, limited({ pollRatePerTab: 1 }));
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);
      const statuses: number[] = [];
      for (let i = 0; i < BURST_SECONDS + 3; i++) statuses.push((await connection.get(`${POLL_PATH}?${pollQuery(0, TEST_EPOCH, tab)}`)).status);
      const refused = statuses.filter((status) => status === 429).length;
      expect(refused).toBeGreaterThanOrEqual(3);

      await vi.waitFor(() => {
        const report = server.app.ledger.report(tab);
        expect(report.modes.polling).toEqual({
          requests: statuses.length,
          bytesUp: connection.bytesSent,
          bytesDown: connection.bytesReceived,
        });
        expect(report.refusedPolls).toBe(refused);
        const parts = report.breakdown.polling;
        expect(parts.requestHeaders + parts.responseHeaders + parts.bodies).toBe(connection.bytesSent + connection.bytesReceived);
      });
    });
  });
});
