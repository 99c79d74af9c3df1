import { describe, expect, it, vi } from 'vitest';
import { errorResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../server/guard/abuse-limits';
import { pollQuery } from '../../programs/load/polling-viewer';
import { RawHttpConnection } from '../support/raw-http';
import { RawWebSocket } from '../support/raw-websocket';
import { connected, newTabId, openClient } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

const CAP = 3;

function startCapped(limits: Partial<AbuseLimits> = { limitLoopback: true }): Promise<TestServer> {
  return startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, maxConnectionsPerAddress: CAP, ...limits } });
}

/** Opens `count` connections, each answered once, so the server has surely counted them all. */
async function openAnswered(server: TestServer, count: number): Promise<RawHttpConnection[]> {
  const connections: RawHttpConnection[] = [];
  for (let i = 0; i < count; i++) {
    const connection = await RawHttpConnection.open(server.port);
    expect((await connection.get('/api/market')).status).toBe(200);
    connections.push(connection);
  }
  return connections;
}

describe('connection cap per address', () => {
  it('should answer a connection past the cap with 429 and a JSON error, then close it', async () => {
    const server = await startCapped();
    await openAnswered(server, CAP);

    const extra = await RawHttpConnection.open(server.port);
    const answer = await extra.get(`${POLL_PATH}?${pollQuery(0, TEST_EPOCH, newTabId())}`);
    expect(answer.status).toBe(429);
    expect(answer.headers.connection).toBe('close');
    expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(/too many open connections from your address \(at most 3\)/);
    await vi.waitFor(() => expect(extra.ended).toBe(true));
  });

  it('should refuse the page routes too, not only the API', async () => {
    const server = await startCapped();
    await openAnswered(server, CAP);
    const extra = await RawHttpConnection.open(server.port);
    expect((await extra.get('/')).status).toBe(429);
  });

  it('should refuse a Socket.IO handshake past the cap', async () => {
    const server = await startCapped();
    await openAnswered(server, CAP);

    const client = openClient(server.url, { query: { tab: newTabId() } });
    await expect(connected(client)).rejects.toThrow();
    const raw = await RawHttpConnection.open(server.port);
    const answer = await raw.send(RawWebSocket.upgradeRequest(`tab=${newTabId()}`));
    expect(answer.status).toBe(429);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(/too many open connections from your address/);
  });

  it('should let a new connection in once one of the others has closed', async () => {
    const server = await startCapped();
    const [first] = await openAnswered(server, CAP);
    first?.close();

    await vi.waitFor(async () => {
      const next = await RawHttpConnection.open(server.port);
      try {
        expect((await next.get('/api/market')).status).toBe(200);
      } finally {
        next.close();
      }
    });
  });

  it('should drop a connection past the cap that never sends a request', async () => {
    const server = await startCapped();
    await openAnswered(server, CAP);
    const silent = await RawHttpConnection.open(server.port);
    await vi.waitFor(() => expect(silent.ended).toBe(true), { timeout: 10_000, interval: 100 });
  });

  it('should leave loopback uncapped unless told to cap it', async () => {
    const server = await startCapped({});
    const connections = await openAnswered(server, CAP + 2);
    expect(connections).toHaveLength(CAP + 2);
  });
});
