import { describe, expect, it } from 'vitest';
import { connectClient, connected, openClient } from '../../support/socket-client';
import { startTestServer } from '../../support/start-test-server';

describe('MeteredWsEngine', () => {
  it("should listen to the server's flushes only while a metered socket awaits its open packet, and to each socket's own after", async () => {
    const server = await startTestServer();
    const { engine } = server.app.io;
    // The server panel's frame count is the one listener of every flush; the metering is none.
    expect(engine.listenerCount('flush')).toBe(1);

    const clients = await Promise.all(['tab-metered-a', 'tab-metered-b'].map((tab) => connectClient(server.url, tab)));
    // Unmetered (no tab): never listened to at all.
    const anonymous = openClient(server.url);
    await connected(anonymous);

    expect(engine.listenerCount('flush')).toBe(1);
    const connections = [...server.app.io.sockets.sockets.values()].map((socket) => socket.conn);
    expect(connections.map((connection) => connection.listenerCount('flush')).sort()).toEqual([0, 1, 1]);
    // That their open packets are still counted, socketio-breakdown.test.ts sees to: its byte counts are exact.
    for (const client of clients) client.disconnect();
  });
});
