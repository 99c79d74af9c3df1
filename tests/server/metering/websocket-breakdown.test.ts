import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebSocketBreakdown } from '../../../lib/protocol/meter-report';
import { TICK_EVENT } from '../../../lib/protocol/socket-events';
import { WEBSOCKET_PATH, WS_CLOSE_CODES } from '../../../lib/protocol/websocket-api';
import { loadTlsMaterial, type TlsMaterial } from '../../../server/tls-certificate';
import { startCountingProxy } from '../support/counting-proxy';
import { tickTextOf } from '../support/poll-client';
import { RawWebSocket, type WireFrame } from '../support/raw-websocket';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

/** Short enough that a test sees a few pings and heartbeats; the client answers each ping at once. */
const HEARTBEAT_MS = 40;
const OPCODE_TEXT = 0x1;

/** The tick data a frame carries, read from its text: a live tick whole, or the tick data of a catch-up page. */
function tickBytesOf(frame: WireFrame): number {
  if (frame.opcode !== OPCODE_TEXT) return 0;
  if (frame.text.startsWith('[')) return frame.payload.length;
  if (frame.text.startsWith('{')) return Buffer.byteLength(tickTextOf(frame.text));
  return 0;
}

const ticksSeenBy = (client: RawWebSocket) => client.received.reduce((sum, frame) => sum + tickBytesOf(frame), 0);
const liveTicksOf = (client: RawWebSocket) => client.received.filter((frame) => frame.text.startsWith('['));

function sumOf(parts: WebSocketBreakdown): number {
  return parts.handshake + parts.frameHeaders + parts.payload + parts.pings + parts.tls;
}

/**
 * Opens the plain WebSocket by hand for `tab` from a position three ticks back (a catch-up with ticks), lets
 * three live ticks, a ping of its own and at least two of the server's go by, then a heartbeat, and
 * returns the client.
 */
async function listen(server: TestServer, port: number, tab: string, tls?: TlsMaterial): Promise<RawWebSocket> {
  server.step(4);
  const request = RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${tab}&since=1&epoch=${TEST_EPOCH}`);
  const client = await RawWebSocket.open(port, request, tls ? { tls: { ca: tls.cert } } : {});
  await client.next((text) => text.startsWith('{'));
  server.step(3);
  await vi.waitFor(() => expect(liveTicksOf(client)).toHaveLength(3));
  client.ping('still there?');
  await vi.waitFor(() => expect(client.pingsAnswered).toBeGreaterThanOrEqual(2));
  const seen = client.received.length;
  await client.next((text) => text === '', seen);
  return client;
}

/** The tab's figures equal, in one reading, what the client counted on its own socket. */
async function expectCountedAsClient(server: TestServer, tab: string, client: RawWebSocket): Promise<WebSocketBreakdown> {
  const report = await vi.waitFor(() => {
    const now = server.app.ledger.report(tab);
    expect(now.modes.websocket).toEqual({ requests: 1, bytesUp: client.bytesSent, bytesDown: client.bytesReceived });
    expect(now.breakdown.websocket).toEqual({ ...client.parts, tls: 0, ticks: ticksSeenBy(client) });
    return now;
  });
  expect(sumOf(report.breakdown.websocket)).toBe(report.modes.websocket.bytesUp + report.modes.websocket.bytesDown);
  return report.breakdown.websocket;
}

describe('plain WebSocket breakdown', () => {
  let tls: TlsMaterial;
  beforeAll(async () => {
    tls = await loadTlsMaterial();
  });

  it('should split every byte into handshake, frame headers, payload and pings as the client counted them', async () => {
    // Forty symbols make the ticks and the catch-up longer than 125 bytes: frames with a 16-bit length.
    const server = await startTestServer({ symbols: 40 }, { webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
    const tab = newTabId();
    const client = await listen(server, server.port, tab);
    expect(client.received.some((frame) => frame.header.length === 4)).toBe(true);

    const parts = await expectCountedAsClient(server, tab, client);
    // The payload is the catch-up's text and the ticks' text, every byte of it, and nothing else: the
    // client sent no message, and a heartbeat carries nothing.
    const textPayloads = client.received.filter((frame) => frame.opcode === OPCODE_TEXT).reduce((sum, frame) => sum + frame.payload.length, 0);
    expect(parts.payload).toBe(textPayloads);
    expect(parts.ticks).toBe(ticksSeenBy(client));
    expect(parts.ticks).toBeLessThan(parts.payload);
    // Two of the server's pings (2 bytes) and their masked pongs (6), the client's ping and its pong at least.
    expect(parts.pings).toBeGreaterThanOrEqual(2 * (2 + 6) + (6 + 12) + (2 + 12));
  });

  it('should count a message from the client, the close it gets and the close handshake, and add up once closed', async () => {
    const server = await startTestServer({}, { webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
    const tab = newTabId();
    const client = await listen(server, server.port, tab);
    server.engine.stop();
    client.send('hello');
    await vi.waitFor(() => expect(client.closeCode).toBe(WS_CLOSE_CODES.unsupportedData));
    client.close(WS_CLOSE_CODES.unsupportedData);
    await client.closed();

    const parts = await expectCountedAsClient(server, tab, client);
    expect(parts.payload).toBeGreaterThanOrEqual('hello'.length);
  });

  it('should split the plaintext of a WSS connection the same way, and book the rest of what a relay counted to TLS', async () => {
    const server = await startTestServer({}, { tls, webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const client = await listen(server, Number(new URL(proxy.url).port), tab, tls);

    const [wire] = proxy.connections;
    const report = await vi.waitFor(() => {
      const now = server.app.ledger.report(tab);
      expect(now.modes.websocket).toEqual({ requests: 1, bytesUp: wire?.up, bytesDown: wire?.down });
      const plaintext = client.bytesSent + client.bytesReceived;
      expect(now.breakdown.websocket).toEqual({
        ...client.parts,
        tls: (wire?.up ?? 0) + (wire?.down ?? 0) - plaintext,
        ticks: ticksSeenBy(client),
      });
      return now;
    });
    expect(sumOf(report.breakdown.websocket)).toBe((wire?.up ?? 0) + (wire?.down ?? 0));
    expect(report.breakdown.websocket.tls).toBeGreaterThan(1000);
  });

  it('should book nothing for a connection that names no tab', async () => {
    const server = await startTestServer({}, { webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
    const client = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequestTo(WEBSOCKET_PATH));
    await client.next((text) => text.startsWith('{'));
    server.step();
    await client.next((text) => text.startsWith('['));
    expect(server.app.ledger.totals().websocket).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
  });

  it('should carry each tick in exactly the tick’s bytes, where Socket.IO wraps the same bytes in its envelope', async () => {
    const server = await startTestServer({ symbols: 40 });
    const plain = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`));
    await plain.next((text) => text.startsWith('{'));
    const socketIo = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequest(`tab=${newTabId()}`));
    await socketIo.next((text) => text.startsWith('0{'));
    socketIo.send('40');
    await socketIo.next((text) => text.startsWith('40{'));
    socketIo.send('420["subscribe",{}]');
    await socketIo.next((text) => text.startsWith('430['));

    server.step();
    const prefix = `42["${TICK_EVENT}",`;
    const [ours, theirs] = await Promise.all([plain.next((text) => text.startsWith('[')), socketIo.next((text) => text.startsWith(prefix))]);
    expect(theirs?.text).toBe(`${prefix}${ours?.text}]`);
  });
});
