import { Agent, get, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ZERO_COUNTERS, ZERO_MODE_COUNTERS } from '../../../lib/protocol/meter-report';
import { startCountingProxy } from '../support/counting-proxy';
import { RawHttpConnection } from '../support/raw-http';
import { connectClient, connected, newTabId, nextTicks, openClient } from '../../support/socket-client';
import { startTestServer, type TestServer } from '../../support/start-test-server';

function modesOf(server: TestServer, tab: string) {
  const { modes, overhead } = server.app.ledger.report(tab);
  return { ...modes, overhead };
}

/** One GET over the agent, resolving with the whole body and the client socket it travelled on. */
function getOver(agent: Agent, url: string): Promise<{ response: IncomingMessage; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ response, body, socket: request.socket as Socket }));
    });
    request.on('error', reject);
  });
}

/** Polls once on `connection` and waits for the tab's polling ledger to hold that poll and nothing before it. */
async function expectNextPollBookedAlone(server: TestServer, connection: RawHttpConnection, tab: string): Promise<void> {
  const before = connection.bytesSent;
  const answer = await connection.get(`/api/ticks?tab=${tab}`);
  await vi.waitFor(() =>
    expect(modesOf(server, tab).polling).toEqual({ requests: 1, bytesUp: connection.bytesSent - before, bytesDown: answer.wireBytes }),
  );
}

describe('wire ledger', () => {
  describe('polling', () => {
    it('should book every byte of N polls on one keep-alive connection to the tab', async () => {
      const server = await startTestServer();
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);

      let since = 0;
      for (let i = 0; i < 5; i++) {
        server.step(i);
        const answer = await connection.get(`/api/ticks?since=${since}&tab=${tab}`);
        expect(answer.status).toBe(200);
        since = server.engine.latestSeq;
      }

      await vi.waitFor(() =>
        expect(modesOf(server, tab)).toEqual({
          ...ZERO_MODE_COUNTERS,
          polling: { requests: 5, bytesUp: connection.bytesSent, bytesDown: connection.bytesReceived },
          socketio: ZERO_COUNTERS,
          overhead: ZERO_COUNTERS,
        }),
      );
    });

    it('should count what a keep-alive node:http agent really sent and received', async () => {
      const server = await startTestServer();
      server.step(3);
      const tab = newTabId();
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const sockets = new Set<Socket>();
        for (let i = 0; i < 6; i++) {
          const { response, socket } = await getOver(agent, `${server.url}/api/ticks?since=${i % 4}&tab=${tab}`);
          expect(response.statusCode).toBe(200);
          sockets.add(socket);
        }
        expect(sockets.size).toBe(1);
        const [socket] = sockets;
        await vi.waitFor(() =>
          expect(modesOf(server, tab).polling).toEqual({
            requests: 6,
            bytesUp: socket?.bytesWritten,
            bytesDown: socket?.bytesRead,
          }),
        );
      } finally {
        agent.destroy();
      }
    });

    it('should not book requests to other paths on the same connection to polling', async () => {
      const server = await startTestServer();
      server.step(2);
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);
      let pollUp = 0;
      let pollDown = 0;
      const pollOnce = async (since: number) => {
        const before = connection.bytesSent;
        const answer = await connection.get(`/api/ticks?since=${since}&tab=${tab}`);
        pollUp += connection.bytesSent - before;
        pollDown += answer.wireBytes;
      };

      await pollOnce(0);
      expect((await connection.get('/api/market')).status).toBe(200);
      expect((await connection.get(`/not-here?tab=${tab}`)).status).toBe(404);
      expect((await connection.get('/api/ticks?since=1')).status).toBe(200);
      expect((await connection.get(`/api/ticks?since=1&tab=${newTabId()}`)).status).toBe(200);
      expect((await connection.get(`/api/meter?tab=${tab}`, 'POST')).status).toBe(405);
      await pollOnce(1);

      await vi.waitFor(() =>
        expect(modesOf(server, tab)).toEqual({
          ...ZERO_MODE_COUNTERS,
          polling: { requests: 2, bytesUp: pollUp, bytesDown: pollDown },
          socketio: ZERO_COUNTERS,
          overhead: ZERO_COUNTERS,
        }),
      );
    });

    it('should answer an Expect it does not know with a JSON 417, and book the next poll on its connection alone', async () => {
      const server = await startTestServer();
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);

      const refused = await connection.send(`GET /api/market HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nExpect: tea\r\n\r\n`);
      expect(refused.status).toBe(417);
      expect(JSON.parse(refused.body)).toEqual({ error: expect.stringContaining('"tea"') as unknown });
      await expectNextPollBookedAlone(server, connection, tab);
    });

    it('should not book a Socket.IO HTTP request on the same connection to the next poll', async () => {
      const server = await startTestServer();
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);

      const refused = await connection.get(`/socket.io/?EIO=4&transport=polling&tab=${tab}`);
      expect(refused.status).toBe(400);
      await expectNextPollBookedAlone(server, connection, tab);
    });

    it('should book a rejected poll to the tab that named itself, and nothing without a valid tab', async () => {
      const server = await startTestServer();
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);

      expect((await connection.get(`/api/ticks?since=-1&tab=${tab}`)).status).toBe(400);
      await vi.waitFor(() =>
        expect(modesOf(server, tab).polling).toEqual({
          requests: 1,
          bytesUp: connection.bytesSent,
          bytesDown: connection.bytesReceived,
        }),
      );
      expect((await connection.get('/api/ticks?tab=bad!')).status).toBe(400);
      expect(server.app.ledger.tabCount).toBe(1);
    });
  });

  describe('Socket.IO', () => {
    it('should book one request and every byte the WebSocket carried, while open and after it closes', async () => {
      const server = await startTestServer();
      const proxy = await startCountingProxy(server.port);
      const tab = newTabId();

      const client = await connectClient(proxy.url, tab);
      await client.emitWithAck('subscribe', {});
      const ticks = nextTicks(client, 5);
      server.step(5);
      await ticks;

      expect(proxy.connections).toHaveLength(1);
      const [wire] = proxy.connections;
      await vi.waitFor(() =>
        expect(modesOf(server, tab)).toEqual({
          ...ZERO_MODE_COUNTERS,
          socketio: { requests: 1, bytesUp: wire?.up, bytesDown: wire?.down },
          polling: ZERO_COUNTERS,
          overhead: ZERO_COUNTERS,
        }),
      );

      client.disconnect();
      await vi.waitFor(() => expect(wire?.closed).toBe(true));
      await vi.waitFor(() => expect(modesOf(server, tab).socketio).toEqual({ requests: 1, bytesUp: wire?.up, bytesDown: wire?.down }));
    });

    it('should keep the WebSocket bytes of two tabs apart', async () => {
      const server = await startTestServer();
      const proxy = await startCountingProxy(server.port);
      const [first, second] = [newTabId(), newTabId()];

      const a = await connectClient(proxy.url, first);
      const b = await connectClient(proxy.url, second);
      await a.emitWithAck('subscribe', {});
      const ticks = nextTicks(a, 3);
      server.step(3);
      await ticks;

      const [wireA, wireB] = proxy.connections;
      await vi.waitFor(() => {
        expect(modesOf(server, first).socketio).toEqual({ requests: 1, bytesUp: wireA?.up, bytesDown: wireA?.down });
        expect(modesOf(server, second).socketio).toEqual({ requests: 1, bytesUp: wireB?.up, bytesDown: wireB?.down });
      });
      expect(b.connected).toBe(true);
    });

    it('should book nothing for a connection that does not name its tab', async () => {
      const server = await startTestServer();
      const client = openClient(server.url);
      await connected(client);
      await client.emitWithAck('subscribe', {});

      expect(server.app.ledger.tabCount).toBe(0);
    });
  });
});
