import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebSocketTransport, type WebSocketTransportOptions } from '../../../app/_transports/websocket-transport';
import { RecordingSink } from '../support/recording-sink';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

/** The numbers from `first` to `last`, as a client that misses and repeats nothing sees them. */
const run = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** The real transport with ws's WebSocket (Node 20 has none of its own), pointed at the test's server, stopped when the test finishes. */
function openTransport(server: TestServer, options: WebSocketTransportOptions = {}, sink = new RecordingSink()) {
  const transport = new WebSocketTransport(newTabId(), { origin: server.url, WebSocket, ...options });
  onTestFinished(() => transport.stop());
  transport.start(sink);
  return { transport, sink };
}

const startTransport = (server: TestServer, options: WebSocketTransportOptions = {}): RecordingSink => openTransport(server, options).sink;

describe('WebSocketTransport', () => {
  it('should start from a snapshot, then deliver every tick once and in order, and say it is connected', async () => {
    const server = await startTestServer();
    server.step(3);
    const sink = startTransport(server);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));

    server.step(5);
    await vi.waitFor(() => expect(sink.seqs).toEqual(run(4, 8)));
    expect(sink.statuses.map((status) => status.state)).toEqual(['connecting', 'connected']);
    expect(sink.statuses.at(-1)?.transport).toBe('Plain WebSocket');
  });

  it('should resume from where another transport left the tab, catching up on what it missed', async () => {
    const server = await startTestServer();
    server.step(3);
    const { transport, sink } = openTransport(server);
    await vi.waitFor(() => expect(sink.position()?.since).toBe(3));
    server.step(2);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]));

    // Switched away, as to polling, and back after four ticks: a new transport for the same view asks from seq 5.
    transport.stop();
    server.step(4);
    openTransport(server, {}, sink);
    await vi.waitFor(() => expect(sink.seqs).toEqual(run(4, 9)));
    server.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual(run(4, 10)));
    expect(sink.connections()).toBe(2);
  });

  it('should show a 1012 close as the server restarting, reconnect by itself and lose no tick', async () => {
    const server = await startTestServer();
    server.step(2);
    const sink = startTransport(server);
    await vi.waitFor(() => expect(sink.connections()).toBe(1));

    expect(server.app.websocket.restart()).toBe(1);
    // Ticks made while the tab is away: the next connection catches up on them.
    server.step(3);
    await vi.waitFor(() => expect(sink.statuses.some((status) => status.state === 'restarting')).toBe(true));
    expect(sink.statuses.find((status) => status.state === 'restarting')?.detail).toMatch(/restarting/);
    await vi.waitFor(() => expect(sink.connections()).toBe(2), { timeout: 5000 });
    server.step(2);
    await vi.waitFor(() => expect(sink.seqs).toEqual(run(3, 7)));
    expect(sink.statuses.at(-1)?.state).toBe('connected');
  });

  it('should take a connection that goes silent for dead, say so, and open a new one from where it was', async () => {
    // The market is stepped by the test alone, and the server's heartbeat is far off: nothing comes.
    const server = await startTestServer({}, { webSocketHeartbeatMs: 60_000 });
    server.step();
    const sink = startTransport(server, { silenceLimitMs: 300 });

    await vi.waitFor(() => expect(sink.statuses.some((status) => /nothing from the server for/.test(status.detail ?? ''))).toBe(true));
    expect(sink.statuses.find((status) => status.detail !== undefined)?.state).toBe('reconnecting');
    await vi.waitFor(() => expect(sink.connections()).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    server.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual([2]));
  });

  it('should stay connected through an idle market on the server’s heartbeats alone', async () => {
    const server = await startTestServer({}, { webSocketHeartbeatMs: 50 });
    const sink = startTransport(server, { silenceLimitMs: 1000 });
    await vi.waitFor(() => expect(sink.connections()).toBe(1));

    await sleep(2500);
    expect(sink.statuses.map((status) => status.state)).toEqual(['connecting', 'connected']);
  });

  it('should say the server cannot be reached while it is down, and keep trying', async () => {
    const server = await startTestServer();
    await server.app.close();
    const sink = startTransport(server);

    await vi.waitFor(() => expect(sink.statuses.filter((status) => status.state === 'reconnecting').length).toBeGreaterThanOrEqual(2));
    expect(sink.statuses.at(-1)?.detail).toMatch(/lost or could not be made \(1006\)/);
  });
});
