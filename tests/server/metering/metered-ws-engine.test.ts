import { describe, expect, it } from 'vitest';
import { connectClient, connected, openClient } from '../../support/socket-client';
import { startTestServer } from '../../support/start-test-server';

describe('MeteredWsEngine', () => {
  it('should listen to no flush, of the server or of any socket: nothing of the metering runs per subscriber per tick', async () => {
    const server = await startTestServer();
    const { engine } = server.app.io;
    const clients = await Promise.all(['tab-metered-a', 'tab-metered-b'].map((tab) => connectClient(server.url, tab)));
    const anonymous = openClient(server.url);
    await connected(anonymous);
    await Promise.all([...clients, anonymous].map((client) => client.emitWithAck('subscribe', {})));

    expect(engine.listenerCount('flush')).toBe(0);
    const connections = [...server.app.io.sockets.sockets.values()].map((socket) => socket.conn);
    expect(connections.map((connection) => connection.listenerCount('flush'))).toEqual([0, 0, 0]);
    // That every frame is still counted, socketio-breakdown.test.ts and server-stats.test.ts see to: their counts are exact.
  });
});
