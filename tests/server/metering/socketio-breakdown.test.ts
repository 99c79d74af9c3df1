import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SocketIoBreakdown } from '../../../lib/protocol/meter-report';
import { SHUTDOWN_EVENT, TICK_EVENT } from '../../../lib/protocol/socket-events';
import { loadTlsMaterial, type TlsMaterial } from '../../../server/tls-certificate';
import { waitingPackets } from '../../../server/transports/socket-io/engine-write-buffer';
import { startCountingProxy } from '../support/counting-proxy';
import { tickTextOf } from '../support/poll-client';
import { openRawSocketIo, openRawSubscriber } from '../support/raw-socket-io';
import { RawWebSocket } from '../support/raw-websocket';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

/** Short enough that a test sees a few pings; the client answers each at once. */
const PING_INTERVAL_MS = 40;
const TICK_PREFIX = `42["${TICK_EVENT}",`;
const CATCH_UP = /^43\d+\[(.*)\]$/s;

/** The tick data a frame carries, read from its text: a tick event's tick, or the tick data of a subscribe reply. */
function tickBytesOf(text: string): number {
  if (text.startsWith(TICK_PREFIX)) return Buffer.byteLength(text.slice(TICK_PREFIX.length, -1));
  const reply = CATCH_UP.exec(text)?.[1];
  return reply === undefined ? 0 : Buffer.byteLength(tickTextOf(reply));
}

function sumOf(parts: SocketIoBreakdown): number {
  return parts.handshake + parts.frameHeaders + parts.payload + parts.pings + parts.tls;
}

/**
 * Opens Socket.IO by hand for `tab`, subscribes twice (a catch-up with ticks, then a snapshot), lets
 * three live ticks and at least two pings go by, and returns the client.
 */
async function subscribeAndListen(server: TestServer, port: number, tab: string, tls?: TlsMaterial): Promise<RawWebSocket> {
  server.step(3);
  const client = await openRawSocketIo(port, tab, tls ? { tls: { ca: tls.cert } } : {});
  client.send(`420["subscribe",{"since":1,"epoch":${TEST_EPOCH}}]`);
  await client.next((text) => text.startsWith('430['));
  client.send('421["subscribe",{}]');
  await client.next((text) => text.startsWith('431['));
  const seen = client.received.length;
  server.step(3);
  for (let i = 0; i < 3; i++) await client.next((text) => text.startsWith(TICK_PREFIX), seen + i);
  await vi.waitFor(() => expect(client.pingsAnswered).toBeGreaterThanOrEqual(2));
  return client;
}

function ticksSeenBy(client: RawWebSocket): number {
  return client.received.reduce((sum, frame) => sum + tickBytesOf(frame.text), 0);
}

/** Waits until the tab's Socket.IO figures are exactly the client's: one request, its bytes each way and their parts. */
function matchesClient(server: TestServer, tab: string, client: RawWebSocket) {
  return vi.waitFor(() => {
    const report = server.app.ledger.report(tab);
    expect(report.modes.socketio).toEqual({ requests: 1, bytesUp: client.bytesSent, bytesDown: client.bytesReceived });
    expect(report.breakdown.socketio).toEqual({ ...client.parts, tls: 0, ticks: ticksSeenBy(client) });
    return report;
  });
}

describe('Socket.IO breakdown', () => {
  let tls: TlsMaterial;
  beforeAll(async () => {
    tls = await loadTlsMaterial();
  });

  it('should split every byte of a WebSocket into handshake, frame headers, payload and pings as the client counted them', async () => {
    // Forty symbols make the catch-ups longer than 125 bytes: frames with a 16-bit length.
    const server = await startTestServer({ symbols: 40 }, { pingIntervalMs: PING_INTERVAL_MS });
    const tab = newTabId();
    const client = await subscribeAndListen(server, server.port, tab);
    expect(client.received.some((frame) => frame.header.length === 4)).toBe(true);

    // Read in one go on both sides, once nothing is left in flight.
    const report = await vi.waitFor(() => {
      const now = server.app.ledger.report(tab);
      expect(now.modes.socketio).toEqual({ requests: 1, bytesUp: client.bytesSent, bytesDown: client.bytesReceived });
      expect(now.breakdown.socketio).toEqual({ ...client.parts, tls: 0, ticks: ticksSeenBy(client) });
      return now;
    });
    const parts = report.breakdown.socketio;
    expect(sumOf(parts)).toBe(report.modes.socketio.bytesUp + report.modes.socketio.bytesDown);
    // Two pings and their pongs at least: "2" in a 2-byte header, "3" in a 6-byte masked one.
    expect(parts.pings).toBeGreaterThanOrEqual(2 * (3 + 7));
    expect(parts.ticks).toBeGreaterThan(0);
    expect(parts.ticks).toBeLessThan(parts.payload);
  });

  it('should never negotiate compression, though the client offers it as browsers do', async () => {
    const server = await startTestServer();
    const client = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequest(`tab=${newTabId()}`));
    expect(client.upgradeResponse).not.toMatch(/sec-websocket-extensions/i);
    const open = await client.next((text) => text.startsWith('0{'));
    // RSV1 would mark a compressed message.
    expect((open.header[0] ?? 0) & 0x40).toBe(0);
  });

  it('should count frames sent right behind the upgrade request as frames, not as handshake', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const client = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequest(`tab=${tab}`), { early: ['40'] });
    await client.next((text) => text.startsWith('0{'));

    await vi.waitFor(() => {
      const report = server.app.ledger.report(tab);
      expect(report.modes.socketio).toEqual({ requests: 1, bytesUp: client.bytesSent, bytesDown: client.bytesReceived });
      expect(report.breakdown.socketio).toEqual({ ...client.parts, tls: 0, ticks: 0 });
    });
    expect(client.parts.payload).toBeGreaterThanOrEqual(2);
  });

  it('should count close frames both ways as frame headers, and still add up to every byte once closed', async () => {
    const server = await startTestServer({}, { pingIntervalMs: PING_INTERVAL_MS });
    const tab = newTabId();
    const client = await subscribeAndListen(server, server.port, tab);
    server.engine.stop();
    client.close(1000);
    await vi.waitFor(() => expect(client.ended).toBe(true));

    await matchesClient(server, tab, client);
    expect(client.received.at(-1)?.opcode).toBe(0x8);
  });

  it("should count a room's ticks only while the socket is in it, and a broadcast to every socket as payload too", async () => {
    const server = await startTestServer({}, { pingIntervalMs: 60_000 });
    const tab = newTabId();
    const client = await openRawSocketIo(server.port, tab);
    const exact = () => matchesClient(server, tab, client);

    // Ticks before the socket is in the room, then in it, then after it left, then in it again.
    server.step(2);
    client.send('420["subscribe",{}]');
    await client.next((text) => text.startsWith('430['));
    const subscribed = client.received.length;
    server.step(2);
    for (let i = 0; i < 2; i++) await client.next((text) => text.startsWith(TICK_PREFIX), subscribed + i);
    await exact();
    client.send('42["unsubscribe"]');
    // A second socket stays in the room meanwhile: its ticks are broadcast, to it alone.
    const other = await openRawSubscriber(server.port, newTabId());
    const otherSubscribed = other.received.length;
    server.step(3);
    await other.next((text) => text.startsWith(TICK_PREFIX), otherSubscribed + 2);
    await exact();
    expect(client.received.filter((frame) => frame.text.startsWith(TICK_PREFIX))).toHaveLength(2);

    client.send('421["subscribe",{}]');
    await client.next((text) => text.startsWith('431['));
    const again = client.received.length;
    server.step(1);
    await client.next((text) => text.startsWith(TICK_PREFIX), again);
    // A broadcast to every socket, not to the room (the shutdown notice), is this socket's own.
    server.app.io.local.emit(SHUTDOWN_EVENT);
    await client.next((text) => text === `42["${SHUTDOWN_EVENT}"]`);
    await exact();
    expect(client.received.filter((frame) => frame.text.startsWith(TICK_PREFIX))).toHaveLength(3);
  });

  it('should take back the ticks still waiting in engine.io when it closes the connection, which never reached the wire', async () => {
    const server = await startTestServer({}, { pingIntervalMs: 60_000 });
    const tab = newTabId();
    const client = await openRawSubscriber(server.port, tab);
    const [socket] = server.app.io.sockets.sockets.values();
    if (!socket) throw new Error('no socket');

    // In one turn: the first tick is written, the next two wait in engine.io for that write to finish, and
    // engine.io closes the connection, dropping what waits, before it does.
    server.step(3);
    expect(waitingPackets(socket.conn)).toHaveLength(2);
    socket.conn.close(true);
    await vi.waitFor(() => expect(client.received.at(-1)?.opcode).toBe(0x8));
    client.close(1000);
    await vi.waitFor(() => expect(client.ended).toBe(true));

    await matchesClient(server, tab, client);
    expect(client.received.filter((frame) => frame.text.startsWith(TICK_PREFIX))).toHaveLength(1);
  });

  it('should split the plaintext of a WSS connection the same way, and book the rest of what a relay counted to TLS', async () => {
    const server = await startTestServer({}, { tls, pingIntervalMs: PING_INTERVAL_MS });
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const client = await subscribeAndListen(server, Number(new URL(proxy.url).port), tab, tls);

    const [wire] = proxy.connections;
    const report = await vi.waitFor(() => {
      const now = server.app.ledger.report(tab);
      expect(now.modes.socketio).toEqual({ requests: 1, bytesUp: wire?.up, bytesDown: wire?.down });
      const plaintext = client.bytesSent + client.bytesReceived;
      expect(now.breakdown.socketio).toEqual({
        ...client.parts,
        tls: (wire?.up ?? 0) + (wire?.down ?? 0) - plaintext,
        ticks: ticksSeenBy(client),
      });
      return now;
    });
    expect(sumOf(report.breakdown.socketio)).toBe((wire?.up ?? 0) + (wire?.down ?? 0));
    // The TLS handshake alone is over a kilobyte.
    expect(report.breakdown.socketio.tls).toBeGreaterThan(1000);
  });
});
