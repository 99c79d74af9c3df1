import type { Socket } from 'socket.io';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SocketIoTransport } from '../../../app/_transports/socket-io-transport';
import { TICK_EVENT } from '../../../lib/protocol/socket-events';
import { newTabId } from '../../support/socket-client';
import { RecordingSink } from '../support/recording-sink';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

/** The real transport, pointed at the test's server, stopped when the test finishes. */
function startTransport(server: TestServer): RecordingSink {
  const sink = new RecordingSink();
  const transport = new SocketIoTransport(newTabId(), server.url);
  onTestFinished(() => transport.stop());
  transport.start(sink);
  return sink;
}

const UNREADABLE = /could not be read/;

describe('SocketIoTransport', () => {
  it('should say a tick it cannot read is a broken connection, reconnect, and lose no tick', async () => {
    const server = await startTestServer();
    server.step(3);
    const sink = startTransport(server);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));

    // Sent as a tick event by the real server, but not a tick: the transport must not throw it at socket.io-client.
    server.app.io.emit(TICK_EVENT, 'not a tick' as never);
    await vi.waitFor(() => expect(sink.statuses.some((s) => s.state === 'reconnecting' && UNREADABLE.test(s.detail ?? ''))).toBe(true));
    await vi.waitFor(() => expect(sink.connections()).toBe(2), { timeout: 5000 });

    server.step(2);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]));
    expect(sink.statuses.at(-1)?.state).toBe('connected');
  });

  it('should say a subscribe answer it cannot read is a broken connection, and subscribe again from where it was', async () => {
    const server = await startTestServer();
    server.step(3);
    let answered = 0;
    // The first subscribe is answered with something no server of ours sends; later ones reach the server's own handler.
    server.app.io.on('connection', (socket: Socket) => {
      socket.use(([event, , ack], next) => {
        if (event === 'subscribe' && answered++ === 0 && typeof ack === 'function') {
          (ack as (reply: unknown) => void)({ kind: 'ticks', epoch: 'soon' });
          return;
        }
        next();
      });
    });
    const sink = startTransport(server);

    await vi.waitFor(() => expect(sink.statuses.some((s) => s.state === 'reconnecting' && UNREADABLE.test(s.detail ?? ''))).toBe(true));
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }), { timeout: 5000 });
    expect(answered).toBe(2);
    server.step(1);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4]));
  });
});
