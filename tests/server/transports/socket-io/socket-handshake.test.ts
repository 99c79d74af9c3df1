import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../../../lib/protocol/poll-api';
import { RawHttpConnection, type RawResponse } from '../../support/raw-http';
import { RawWebSocket } from '../../support/raw-websocket';
import { connected, newTabId, openClient } from '../../../support/socket-client';
import { startTestServer } from '../../../support/start-test-server';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** An upgrade request for `target` with the usual WebSocket headers, each of which `headers` may replace or (with '') drop. */
function upgradeRequest(target: string, headers: Readonly<Record<string, string>> = {}): string {
  const all: Record<string, string> = {
    Host: '127.0.0.1',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': KEY,
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}\r\n`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`;
}

function errorOf(answer: RawResponse): string {
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  return errorResponseSchema.parse(JSON.parse(answer.body)).error;
}

async function answerTo(port: number, request: string): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(port);
  return connection.send(request);
}

describe('socket handshake', () => {
  it('should open a WebSocket for a handshake as socket.io-client sends it, with or without a tab', async () => {
    const server = await startTestServer();
    const named = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequest(`tab=${newTabId()}`));
    expect(named.upgradeResponse).toMatch(/^HTTP\/1\.1 101 /);
    await connected(openClient(server.url));
  });

  it.each([
    ['Engine.IO protocol 3', '/socket.io/?EIO=3&transport=websocket', /"EIO" must be 4/],
    ['no protocol at all', '/socket.io/?transport=websocket', /"EIO" must be 4/],
    ['the polling transport', '/socket.io/?EIO=4&transport=polling', /"transport" must be websocket/],
    ['a session id', '/socket.io/?EIO=4&transport=websocket&sid=abc', /unknown parameter "sid"/],
    ['an unknown parameter', '/socket.io/?EIO=4&transport=websocket&debug=1', /unknown parameter "debug"/],
    ['a parameter named __proto__', '/socket.io/?EIO=4&transport=websocket&__proto__=x', /unknown parameter "__proto__"/],
    ['a repeated parameter', '/socket.io/?EIO=4&transport=websocket&transport=websocket', /more than once/],
    ['an invalid tab', '/socket.io/?EIO=4&transport=websocket&tab=bad!', /"tab" must be/],
  ])('should refuse an upgrade with %s with a JSON 400, never a 101', async (_name, target, message) => {
    const server = await startTestServer();

    const answer = await answerTo(server.port, upgradeRequest(target));
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatch(message);
    expect(server.app.io.engine.clientsCount).toBe(0);
  });

  it.each([
    ['no Sec-WebSocket-Key', { 'Sec-WebSocket-Key': '' }, /Sec-WebSocket-Key header is required/],
    ['a short Sec-WebSocket-Key', { 'Sec-WebSocket-Key': randomBytes(8).toString('base64') }, /16 bytes in base64/],
    ['another WebSocket version', { 'Sec-WebSocket-Version': '8' }, /Sec-WebSocket-Version header must be 13/],
    ['a subprotocol', { 'Sec-WebSocket-Protocol': 'chat' }, /no WebSocket subprotocol/],
    ['another upgrade', { Upgrade: 'h2c' }, /Upgrade header must be websocket/],
  ])('should refuse an upgrade with %s with a JSON 400', async (_name, headers, message) => {
    const server = await startTestServer();

    const answer = await answerTo(server.port, upgradeRequest('/socket.io/?EIO=4&transport=websocket', headers));
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatch(message);
  });

  it("should answer an upgrade to a path below Socket.IO's with 404", async () => {
    const server = await startTestServer();

    const answer = await answerTo(server.port, upgradeRequest('/socket.io/anything?EIO=4&transport=websocket'));
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toMatch(/nothing at \/socket\.io\/anything/);
  });

  it('should answer a handshake URL longer than 2048 characters with 414', async () => {
    const server = await startTestServer();

    const answer = await answerTo(server.port, upgradeRequest(`/socket.io/?EIO=4&transport=websocket&tab=${'a'.repeat(2100)}`));
    expect(answer.status).toBe(414);
    expect(errorOf(answer)).toMatch(/longer than 2048/);
  });

  it('should answer a long-polling request, handshake or not, with a JSON 400 that says to open a WebSocket', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);

    for (const target of ['/socket.io/?EIO=4&transport=polling', '/socket.io/?EIO=4&transport=polling&sid=abc', '/socket.io/']) {
      const answer = await connection.get(target);
      expect(answer.status, target).toBe(400);
      expect(errorOf(answer), target).toMatch(/WebSocket-only/);
    }
  });
});
