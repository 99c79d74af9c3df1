import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { POLL_MAX_TICKS, pollResponseSchema } from '../../../../lib/protocol/poll-api';
import { TICK_EVENT, type SubscribeReply } from '../../../../lib/protocol/socket-events';
import { decodeTick } from '../../../../lib/protocol/tick-codec';
import { pollText, tickTextsOf } from '../../support/poll-client';
import { connectClient, connected, newTabId, nextTicks, openClient, recordMessages, type TickerClient } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../../../support/start-test-server';

/** The same client without the typed event maps, to send what a well-behaved client never would. */
function untyped(client: TickerClient): Socket {
  return client;
}

describe('socket server', () => {
  it('should connect over a WebSocket', async () => {
    const server = await startTestServer();
    const client = await connectClient(server.url, newTabId());

    expect(client.io.engine.transport.name).toBe('websocket');
    expect(server.app.io.engine.clientsCount).toBe(1);
  });

  it('should answer a subscribe without a resume point with the snapshot a poll gets', async () => {
    const server = await startTestServer();
    server.step(4);
    const client = await connectClient(server.url, newTabId());

    const reply = await client.emitWithAck('subscribe', {});
    expect(reply).toEqual({ kind: 'snapshot', snapshot: server.engine.snapshot() });
    expect(reply).toEqual(pollResponseSchema.parse(JSON.parse((await pollText(server.url)).text)));
  });

  it('should catch a subscriber up with the very bytes a poll serves', async () => {
    const server = await startTestServer();
    server.step(6);
    const client = await connectClient(server.url, newTabId());
    const messages = recordMessages(client);

    const reply = await client.emitWithAck('subscribe', { since: 2, epoch: TEST_EPOCH });
    expect(reply).toMatchObject({ kind: 'ticks', epoch: TEST_EPOCH, seq: 6, gap: false, more: false });
    const polled = await pollText(server.url, `since=2&epoch=${TEST_EPOCH}`);
    // An ack packet is "3<id>[<args>]": its one argument must be the poll body, byte for byte.
    const acks = messages.filter((message) => message.startsWith('3'));
    expect(acks).toHaveLength(1);
    expect(acks[0]?.replace(/^3\d+/, '')).toBe(`[${polled.text}]`);
  });

  it('should catch up a subscriber that was away longer than a poll pages, in one answer', async () => {
    const server = await startTestServer();
    server.step(POLL_MAX_TICKS + 100);
    const client = await connectClient(server.url, newTabId());

    const reply = await client.emitWithAck('subscribe', { since: 0, epoch: TEST_EPOCH });
    expect(reply).toMatchObject({ kind: 'ticks', gap: false, more: false });
    const seqs = reply.kind === 'ticks' ? reply.ticks.map((wire) => decodeTick(wire).seq) : [];
    expect(seqs).toEqual(Array.from({ length: POLL_MAX_TICKS + 100 }, (_, i) => i + 1));
  });

  it('should answer a resume point from another epoch or from the future with a snapshot', async () => {
    const server = await startTestServer();
    server.step(3);
    const client = await connectClient(server.url, newTabId());

    expect(await client.emitWithAck('subscribe', { since: 1, epoch: TEST_EPOCH + 1 })).toMatchObject({ kind: 'snapshot' });
    expect(await client.emitWithAck('subscribe', { since: 4 })).toMatchObject({ kind: 'snapshot' });
  });

  it('should follow the catch-up with live ticks in contiguous sequence', async () => {
    const server = await startTestServer();
    server.step(3);
    const client = await connectClient(server.url, newTabId());

    const reply = await client.emitWithAck('subscribe', { since: 0, epoch: TEST_EPOCH });
    const caughtUp = reply.kind === 'ticks' ? reply.ticks.map((wire) => decodeTick(wire).seq) : [];
    expect(caughtUp).toEqual([1, 2, 3]);

    const live = nextTicks(client, 5);
    server.step(5);
    const ticks = (await live).map((wire) => decodeTick(wire));
    expect(ticks.map((tick) => tick.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(ticks.every((tick) => tick.epoch === TEST_EPOCH)).toBe(true);
    expect(ticks).toEqual(server.engine.history().slice(3));
  });

  it('should send each live tick as exactly the text the poll endpoint serves for it', async () => {
    const server = await startTestServer();
    const client = await connectClient(server.url, newTabId());
    const messages = recordMessages(client);
    await client.emitWithAck('subscribe', {});

    const live = nextTicks(client, 4);
    server.step(4);
    await live;
    const polled = tickTextsOf((await pollText(server.url, 'since=0')).text);
    expect(polled).toHaveLength(4);
    expect(messages.filter((message) => message.startsWith('2'))).toEqual(polled.map((text) => `2["${TICK_EVENT}",${text}]`));
  });

  it.each<[string, unknown]>([
    ['a negative since', { since: -1 }],
    ['a text since', { since: 'abc' }],
    ['a fractional since', { since: 1.5 }],
    ['an unsafe integer', { since: 2 ** 53 }],
    ['an unknown field', { since: 1, foo: 1 }],
    ['null', null],
    ['a string', 'since=1'],
    ['an array', [1, 2]],
  ])('should answer a subscribe with %s with an error and stay connected', async (_name, payload) => {
    const server = await startTestServer();
    server.step(2);
    const client = await connectClient(server.url, newTabId());

    const reply = (await untyped(client).emitWithAck('subscribe', payload)) as SubscribeReply;
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.error.length).toBeGreaterThan(0);
    expect(client.connected).toBe(true);
    expect(await client.emitWithAck('subscribe', { since: 1 })).toMatchObject({ kind: 'ticks', seq: 2 });
  });

  it('should disconnect a client that subscribes without an acknowledgement', async () => {
    const server = await startTestServer();
    const client = await connectClient(server.url, newTabId());

    const reason = new Promise<string>((resolve) => client.once('disconnect', resolve));
    untyped(client).emit('subscribe', {});
    expect(await reason).toBe('io server disconnect');
    const other = await connectClient(server.url, newTabId());
    expect(await other.emitWithAck('subscribe', {})).toMatchObject({ kind: 'snapshot' });
  });

  it('should drop a client that sends a message over 4 KiB, and keep serving others', async () => {
    const server = await startTestServer();
    const client = await connectClient(server.url, newTabId());

    const closed = new Promise<string>((resolve) => client.once('disconnect', resolve));
    untyped(client).emit('subscribe', { padding: 'x'.repeat(5000) }, () => undefined);
    expect(await closed).toBe('transport close');
    const other = await connectClient(server.url, newTabId());
    expect(await other.emitWithAck('subscribe', {})).toMatchObject({ kind: 'snapshot' });
  });

  it('should stop sending ticks after unsubscribe', async () => {
    const server = await startTestServer();
    const leaving = await connectClient(server.url, newTabId());
    const staying = await connectClient(server.url, newTabId());
    await leaving.emitWithAck('subscribe', {});
    await staying.emitWithAck('subscribe', {});

    const received: number[] = [];
    leaving.on(TICK_EVENT, (wire) => received.push(decodeTick(wire).seq));
    leaving.emit('unsubscribe');
    // Messages from one client are handled in order: once this is answered, the unsubscribe was too.
    await untyped(leaving).emitWithAck('subscribe', null);
    const tick = nextTicks(staying, 1);
    server.step();
    await tick;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
  });

  it('should refuse a client that asks for the long-polling transport', async () => {
    const server = await startTestServer();

    const client = openClient(server.url, { transports: ['polling'], query: { tab: newTabId() } });
    await expect(connected(client)).rejects.toThrow();
    expect(server.app.io.engine.clientsCount).toBe(0);
  });

  it('should not fall back to long-polling for a client that offers both transports', async () => {
    const server = await startTestServer();

    const client = openClient(server.url, { transports: ['polling', 'websocket'], query: { tab: newTabId() } });
    await expect(connected(client)).rejects.toThrow();
    expect(server.app.io.engine.clientsCount).toBe(0);
  });
});
