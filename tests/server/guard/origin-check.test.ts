import { describe, expect, it } from 'vitest';
import { errorResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { DEFAULT_ABUSE_LIMITS } from '../../../server/guard/abuse-limits';
import { pollQuery } from '../../programs/load/polling-viewer';
import { RawHttpConnection, type RawResponse } from '../support/raw-http';
import { RawWebSocket } from '../support/raw-websocket';
import { connected, newTabId, openClient } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

const LISTED = 'https://dashboard.example';
const FOREIGN = 'https://elsewhere.example';

function startWithList(): Promise<TestServer> {
  return startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, allowedOrigins: [LISTED] } });
}

/** A poll with this Origin header (none if undefined), over a raw connection so the headers are exactly these. */
async function pollFrom(
  server: TestServer,
  origin: string | undefined,
  path = `${POLL_PATH}?${pollQuery(0, TEST_EPOCH, newTabId())}`,
): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(server.port);
  const originLine = origin === undefined ? '' : `Origin: ${origin}\r\n`;
  return connection.send(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${originLine}\r\n`);
}

/** Whether a socket.io-client sending this Origin header is let in. */
async function socketIoLetsIn(server: TestServer, origin: string | undefined): Promise<boolean> {
  const client = openClient(server.url, {
    query: { tab: newTabId() },
    ...(origin === undefined ? {} : { extraHeaders: { origin } }),
  });
  return connected(client).then(
    () => true,
    () => false,
  );
}

describe('origin check', () => {
  describe('polling', () => {
    it('should answer a poll without an Origin header, as curl and same-origin GETs send it', async () => {
      const server = await startWithList();
      expect((await pollFrom(server, undefined)).status).toBe(200);
    });

    it('should answer a poll from the server’s own origin, without opening CORS', async () => {
      const server = await startWithList();
      const answer = await pollFrom(server, `http://127.0.0.1:${server.port}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should answer a poll from a listed origin, and let that page read it', async () => {
      const server = await startWithList();
      const answer = await pollFrom(server, LISTED);
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(LISTED);
      expect(answer.headers.vary).toBe('Origin');
    });

    it.each([
      ['another origin', FOREIGN],
      ['the same host on another scheme', 'https://127.0.0.1'],
      ['the same host on another port', 'http://127.0.0.1:1'],
      ['an opaque origin', 'null'],
      ['an origin with a path', `${LISTED}/app`],
    ])('should refuse a poll from %s with 403 and a JSON error', async (_name, origin) => {
      const server = await startWithList();
      const answer = await pollFrom(server, origin);
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toBe(`pages from ${origin} may not use this server`);
    });

    it('should guard the rest of the API the same way', async () => {
      const server = await startWithList();
      for (const path of ['/api/market', `/api/meter?tab=${newTabId()}`, `/api/inspect?tab=${newTabId()}`, '/api/server-stats']) {
        expect((await pollFrom(server, FOREIGN, path)).status).toBe(403);
      }
    });
  });

  describe('Socket.IO', () => {
    it('should let in a client that sends no Origin header', async () => {
      const server = await startWithList();
      expect(await socketIoLetsIn(server, undefined)).toBe(true);
    });

    it('should let in a page of the server’s own origin', async () => {
      const server = await startWithList();
      expect(await socketIoLetsIn(server, server.url)).toBe(true);
    });

    it('should let in a page of a listed origin', async () => {
      const server = await startWithList();
      expect(await socketIoLetsIn(server, LISTED)).toBe(true);
    });

    it('should refuse the handshake of a page from another origin', async () => {
      const server = await startWithList();
      expect(await socketIoLetsIn(server, FOREIGN)).toBe(false);

      const connection = await RawHttpConnection.open(server.port);
      const answer = await connection.send(RawWebSocket.upgradeRequest(`tab=${newTabId()}`, `Origin: ${FOREIGN}\r\n`));
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toBe(`pages from ${FOREIGN} may not use this server`);
    });
  });
});
