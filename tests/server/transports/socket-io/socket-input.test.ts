import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { SubscribeReply } from '../../../../lib/protocol/socket-events';
import { decodeTick } from '../../../../lib/protocol/tick-codec';
import { MAX_CLIENT_PACKET_BYTES } from '../../../../server/guard/input-limits';
import { connectClient, newTabId, nextTicks, type TickerClient } from '../../../support/socket-client';
import { startTestServer, type TestServer } from '../../../support/start-test-server';

/** The same client without the typed event maps, to send what a well-behaved client never would. */
function untyped(client: TickerClient): Socket {
  return client;
}

function disconnection(client: TickerClient): Promise<string> {
  return new Promise((resolve) => client.once('disconnect', resolve));
}

/** A subscriber that is not misbehaving: it must get the next tick the market makes. */
async function bystander(server: TestServer): Promise<() => Promise<void>> {
  const client = await connectClient(server.url, newTabId());
  await client.emitWithAck('subscribe', {});
  return async () => {
    const tick = nextTicks(client, 1);
    server.step();
    expect(decodeTick((await tick)[0] ?? []).seq).toBe(server.engine.latestSeq);
  };
}

describe('socket input', () => {
  it(`should close the connection of a client that sends a packet over ${MAX_CLIENT_PACKET_BYTES} bytes, and keep serving the others`, async () => {
    const server = await startTestServer();
    const stillServed = await bystander(server);
    const client = await connectClient(server.url, newTabId());

    const reason = disconnection(client);
    untyped(client).emit('subscribe', { since: 1, padding: 'x'.repeat(MAX_CLIENT_PACKET_BYTES) }, () => undefined);
    expect(await reason).toBe('transport close');
    await stillServed();
  });

  it('should close the connection of a client that sends a binary attachment, and keep serving the others', async () => {
    const server = await startTestServer();
    const stillServed = await bystander(server);
    const client = await connectClient(server.url, newTabId());

    const reason = disconnection(client);
    untyped(client).emit('subscribe', Buffer.from('binary'), () => undefined);
    expect(await reason).toBe('transport close');
    await stillServed();
  });

  it.each<[string, (client: Socket) => void]>([
    ['an unknown event', (client) => client.emit('ticks', {})],
    ['an unknown event asking for an acknowledgement', (client) => client.emit('ticks', {}, () => undefined)],
    ['a number for an event name', (client) => client.emit(1 as unknown as string, {})],
    ['a subscribe without an acknowledgement', (client) => client.emit('subscribe', {})],
    ['an unsubscribe asking for an acknowledgement', (client) => client.emit('unsubscribe', () => undefined)],
    ['an unsubscribe with an argument', (client) => client.emit('unsubscribe', { all: true })],
  ])('should disconnect a client that sends %s, and keep serving the others', async (_name, send) => {
    const server = await startTestServer();
    const stillServed = await bystander(server);
    const client = await connectClient(server.url, newTabId());

    const reason = disconnection(client);
    send(untyped(client));
    expect(await reason).toBe('io server disconnect');
    await stillServed();
  });

  it('should answer a subscribe with more than one argument with an error through its acknowledgement, and stay connected', async () => {
    const server = await startTestServer();
    server.step(2);
    const client = await connectClient(server.url, newTabId());

    const reply = (await untyped(client).emitWithAck('subscribe', { since: 1 }, 'extra')) as SubscribeReply;
    expect(reply).toMatchObject({ kind: 'error', error: expect.stringMatching(/expected array to have <=1 items/) as string });
    expect(await client.emitWithAck('subscribe', { since: 1 })).toMatchObject({ kind: 'ticks', seq: 2 });
  });
});
