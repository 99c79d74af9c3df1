import { describe, expect, it, vi } from 'vitest';
import { WEBSOCKET_PATH, WS_CLOSE_CODES, WS_SILENCE_LIMIT_MS } from '../../../../lib/protocol/websocket-api';
import { MAX_WEBSOCKET_MESSAGE_BYTES } from '../../../../server/guard/input-limits';
import { PlainWebSocketClient } from '../../support/plain-websocket-client';
import { RawWebSocket, type RawWebSocketOptions } from '../../support/raw-websocket';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, type TestServer } from '../../../support/start-test-server';

/** Short, so that a test sees several beats; the market is stepped by the tests alone, so it is idle between. */
const HEARTBEAT_MS = 100;
const OPCODE_TEXT = 0x1;

function startBeating(): Promise<TestServer> {
  return startTestServer({}, { webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
}

/** A client by hand, past its catch-up. */
async function rawClient(server: TestServer, options: RawWebSocketOptions = {}): Promise<RawWebSocket> {
  const client = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`), options);
  await client.next((text) => text.startsWith('{'));
  return client;
}

describe('plain WebSocket heartbeat', () => {
  it('should send empty text frames while the market is idle, and keep the connection', async () => {
    const server = await startBeating();
    const client = await PlainWebSocketClient.open(server.url);

    await client.received(4);
    expect(client.texts.slice(1, 4)).toEqual(['', '', '']);
    server.step();
    // The snapshot of a market that has not ticked yet, then its first tick, heartbeats around them.
    await vi.waitFor(() => expect(client.seqs()).toEqual([0, 1]));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('should, as it starts by default, send an idle client an empty frame well before the client takes the silence for a dead link', async () => {
    const server = await startTestServer();
    const client = await rawClient(server);
    const caughtUpAt = performance.now();

    const heartbeat = await client.next((text) => text === '', client.received.length);
    // A text frame (a ping's payload is empty too), due within two intervals of the last frame; the client allows three.
    expect(heartbeat.opcode).toBe(OPCODE_TEXT);
    expect(performance.now() - caughtUpAt).toBeLessThan(WS_SILENCE_LIMIT_MS);
  });

  it('should ping every client with an empty control frame, and keep one that answers', async () => {
    const server = await startBeating();
    const client = await rawClient(server);

    await vi.waitFor(() => expect(client.pingsAnswered).toBeGreaterThanOrEqual(3));
    const pings = client.received.filter((frame) => frame.opcode === 0x9);
    expect(pings.every((frame) => frame.header.equals(Buffer.from([0x89, 0x00])))).toBe(true);
    const heartbeats = client.received.filter((frame) => frame.opcode === OPCODE_TEXT && frame.payload.length === 0);
    expect(heartbeats.length).toBeGreaterThan(0);
    expect(client.ended).toBe(false);
  });

  it('should cut a client that does not answer a ping by the next one, without a close handshake', async () => {
    const server = await startBeating();
    const client = await rawClient(server, { answerPings: false });

    await client.closed();
    expect(client.controlPings).toBeGreaterThanOrEqual(1);
    expect(client.closeCode).toBeUndefined();
    await vi.waitFor(() => expect(server.app.websocket.clientCount).toBe(0));
  });
});

describe('plain WebSocket client messages', () => {
  it('should close with 1003 a client that sends a message: the endpoint takes none', async () => {
    const server = await startTestServer();
    const client = await rawClient(server);

    client.send('{"subscribe":true}');
    await vi.waitFor(() => expect(client.closeCode).toBe(WS_CLOSE_CODES.unsupportedData));
    expect(client.received.at(-1)?.payload.subarray(2).toString()).toMatch(/takes no messages/);
    // The close handshake done as a browser does it: then the server ends the connection.
    client.close(WS_CLOSE_CODES.unsupportedData);
    await client.closed();
  });

  it('should close with 1009 a client whose message is over the limit, before reading it', async () => {
    const server = await startTestServer();
    const client = await rawClient(server);

    client.send('x'.repeat(MAX_WEBSOCKET_MESSAGE_BYTES + 1));
    await client.closed();
    expect(client.closeCode).toBe(1009);
  });

  it('should answer a client’s ping with a pong, and keep it', async () => {
    const server = await startTestServer();
    const client = await rawClient(server);

    client.ping('are you there');
    const pong = await vi.waitFor(() => {
      const found = client.received.find((frame) => frame.opcode === 0xa);
      if (!found) throw new Error('no pong yet');
      return found;
    });
    expect(pong.text).toBe('are you there');
    expect(client.ended).toBe(false);
  });
});
