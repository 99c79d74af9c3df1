import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { errorResponseSchema } from '../../../../lib/protocol/poll-api';
import { WEBSOCKET_PATH } from '../../../../lib/protocol/websocket-api';
import { DEFAULT_ABUSE_LIMITS } from '../../../../server/guard/abuse-limits';
import { MAX_URL_LENGTH } from '../../../../server/guard/input-limits';
import { PlainWebSocketClient } from '../../support/plain-websocket-client';
import { RawHttpConnection, type RawResponse } from '../../support/raw-http';
import { RawWebSocket } from '../../support/raw-websocket';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../../support/start-test-server';

const LISTED = 'https://dashboard.example';
const FOREIGN = 'https://elsewhere.example';

/** Sends `request` on a connection of its own and reads the one answer. */
async function answerTo(server: TestServer, request: string): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(server.port);
  return connection.send(request);
}

/** An upgrade request for the plain WebSocket with this query, and these extra header lines. */
const upgradeTo = (query: string, extraHeaders = '') => RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?${query}`, extraHeaders);

/** A refusal with `status` and a JSON error matching `message`, and the connection closed after it. */
function expectRefusal(answer: RawResponse, status: number, message: RegExp | string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers.connection).toBe('close');
  expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(message);
}

describe('plain WebSocket handshake', () => {
  it('should upgrade a handshake with a valid tab and position, and never offer compression', async () => {
    const server = await startTestServer();
    const client = await RawWebSocket.open(server.port, upgradeTo(`tab=${newTabId()}&since=0&epoch=${TEST_EPOCH}`));
    expect(client.upgradeResponse).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(client.upgradeResponse).not.toMatch(/sec-websocket-extensions/i);
  });

  it.each([
    ['a since that is not a number', `since=abc&epoch=${TEST_EPOCH}`, /"since"/],
    ['an epoch that is negative', 'since=1&epoch=-4', /"epoch"/],
    ['a malformed tab', 'tab=short', /"tab"/],
    ['an unknown parameter', 'tab=abcdefgh&x=1', /unknown parameter "x"/],
    ['a repeated parameter', 'since=1&since=2', /"since" is given more than once/],
  ])('should refuse a handshake with %s with a 400 and a JSON error, never a 101', async (_, query, message) => {
    const server = await startTestServer();
    expectRefusal(await answerTo(server, upgradeTo(query)), 400, message);
    expect(server.app.websocket.clientCount).toBe(0);
  });

  it.each([
    ['another method', (request: string) => request.replace(/^GET/, 'POST'), /is a GET, not POST/],
    ['no key', (request: string) => request.replace(/Sec-WebSocket-Key: .*\r\n/, ''), /Sec-WebSocket-Key/],
    [
      'a key of the wrong size',
      (request: string) => request.replace(/Sec-WebSocket-Key: .*\r\n/, `Sec-WebSocket-Key: ${randomBytes(8).toString('base64')}\r\n`),
      /16 bytes/,
    ],
    ['another version', (request: string) => request.replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 8'), /must be 13/],
    ['a subprotocol', (request: string) => request.replace('\r\n\r\n', '\r\nSec-WebSocket-Protocol: chat\r\n\r\n'), /subprotocol/],
  ])('should refuse a handshake with %s with a 400 in JSON, where ws would answer in HTML', async (_, spoil, message) => {
    const server = await startTestServer();
    expectRefusal(await answerTo(server, spoil(upgradeTo(`tab=${newTabId()}`))), 400, message);
  });

  it('should refuse a URL over the limit with a 414', async () => {
    const server = await startTestServer();
    expectRefusal(await answerTo(server, upgradeTo(`tab=${'a'.repeat(MAX_URL_LENGTH)}`)), 414, /longer than/);
  });

  it('should answer a plain GET that is no upgrade with 426 and a JSON error', async () => {
    const server = await startTestServer();
    const answer = await answerTo(server, `GET ${WEBSOCKET_PATH}?tab=${newTabId()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer.status).toBe(426);
    expect(answer.headers.upgrade).toBe('websocket');
    expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(/is a WebSocket/);
  });

  describe('origin check', () => {
    const startWithList = () => startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, allowedOrigins: [LISTED] } });

    it('should refuse the handshake of a page from another origin with a 403', async () => {
      const server = await startWithList();
      expectRefusal(
        await answerTo(server, upgradeTo(`tab=${newTabId()}`, `Origin: ${FOREIGN}\r\n`)),
        403,
        `pages from ${FOREIGN} may not use this server`,
      );
    });

    it.each([
      ['no Origin header', ''],
      ['the server’s own origin', 'own'],
      ['a listed origin', LISTED],
    ])('should let in a page with %s', async (_, origin) => {
      const server = await startWithList();
      const line = origin === '' ? '' : `Origin: ${origin === 'own' ? server.url : origin}\r\n`;
      // The Host a browser sends with the port in it, which is what its own origin is compared with.
      const request = upgradeTo(`tab=${newTabId()}`, line).replace('Host: 127.0.0.1', `Host: 127.0.0.1:${server.port}`);
      const client = await RawWebSocket.open(server.port, request);
      await client.next((text) => text.startsWith('{'));
    });
  });

  it('should refuse a handshake past the connection cap with a 429, and let one in once a connection has closed', async () => {
    const cap = 3;
    const server = await startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, maxConnectionsPerAddress: cap, limitLoopback: true } });
    const open = await Promise.all(Array.from({ length: cap }, () => PlainWebSocketClient.open(server.url)));

    expectRefusal(await answerTo(server, upgradeTo(`tab=${newTabId()}`)), 429, /too many open connections from your address \(at most 3\)/);
    open[0]?.ws.close();
    await open[0]?.closed;
    await vi.waitFor(async () => {
      const client = await PlainWebSocketClient.open(server.url);
      expect(await client.received(1)).toHaveLength(1);
    });
  });
});
