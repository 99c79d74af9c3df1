import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { POLL_MAX_TICKS, pollResponseSchema } from '../../../../lib/protocol/poll-api';
import { decodeTick } from '../../../../lib/protocol/tick-codec';
import { WEBSOCKET_PATH } from '../../../../lib/protocol/websocket-api';
import { pollText } from '../../support/poll-client';
import { PlainWebSocketClient } from '../../support/plain-websocket-client';
import { RawWebSocket } from '../../support/raw-websocket';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../../../support/start-test-server';

/** The numbers from `first` to `last`, as a client that misses and repeats nothing sees them. */
const run = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe('plain WebSocket', () => {
  it('should send the catch-up a poll from the same point gets, byte for byte, then every live tick in order', async () => {
    const server = await startTestServer();
    server.step(5);
    const query = `since=2&epoch=${TEST_EPOCH}`;
    const poll = await pollText(server.url, query);
    const client = await PlainWebSocketClient.open(server.url, `${query}&tab=${newTabId()}`);

    const [catchUp] = await client.received(1);
    expect(catchUp).toBe(poll.text);
    server.step(3);
    await client.received(4);
    expect(client.seqs()).toEqual(run(3, 8));
  });

  it('should page a catch-up longer than a poll takes, every page in order, and be live after the last', async () => {
    const server = await startTestServer();
    server.step(POLL_MAX_TICKS + 100);
    const client = await PlainWebSocketClient.open(server.url, `since=1&epoch=${TEST_EPOCH}`);

    const pages = (await client.received(2)).map((text) => pollResponseSchema.parse(JSON.parse(text)));
    expect(pages.map((page) => (page.kind === 'ticks' ? [page.ticks.length, page.more] : page.kind))).toEqual([
      [POLL_MAX_TICKS, true],
      [99, false],
    ]);
    server.step(2);
    await client.received(4);
    expect(client.seqs()).toEqual(run(2, POLL_MAX_TICKS + 102));
  });

  it.each([
    ['no position', ''],
    ['a position in another epoch', `since=3&epoch=${TEST_EPOCH + 1}`],
    ['a position ahead of the market', `since=99&epoch=${TEST_EPOCH}`],
  ])('should send a snapshot to a client with %s, then the ticks after it', async (_, query) => {
    const server = await startTestServer();
    server.step(4);
    const client = await PlainWebSocketClient.open(server.url, query);

    const [first] = await client.received(1);
    expect(pollResponseSchema.parse(JSON.parse(first ?? ''))).toMatchObject({ kind: 'snapshot', snapshot: { epoch: TEST_EPOCH, seq: 4 } });
    server.step(2);
    await client.received(3);
    expect(client.seqs()).toEqual([4, 5, 6]);
  });

  it('should say where a gap is when the client is older than the history, and go on from the oldest tick held', async () => {
    const server = await startTestServer({ historySeconds: 60, tickIntervalMs: 1000 });
    server.step(70);
    const client = await PlainWebSocketClient.open(server.url, `since=2&epoch=${TEST_EPOCH}`);

    const [first] = await client.received(1);
    expect(pollResponseSchema.parse(JSON.parse(first ?? ''))).toMatchObject({ kind: 'ticks', gap: true, more: false });
    expect(client.seqs()).toEqual(run(11, 70));
  });

  it('should send each tick as a text frame whose payload is exactly the feed’s JSON, the same bytes to every client', async () => {
    const server = await startTestServer({ symbols: 40 });
    const clients = await Promise.all(
      [0, 1, 2].map(() => RawWebSocket.open(server.port, RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`))),
    );
    for (const client of clients) await client.next((text) => text.startsWith('{'));

    server.step();
    const tick = server.engine.history().at(-1);
    if (!tick) throw new Error('no tick');
    const json = Buffer.from(server.app.feed.json(tick));
    const frames = await Promise.all(clients.map((client) => client.next((text) => text.startsWith('['))));
    for (const frame of frames) {
      expect(frame.payload).toEqual(json);
      // FIN and text, unmasked, a 16-bit length: a tick of forty symbols is over 125 bytes.
      expect([...frame.header]).toEqual([0x81, 126, json.length >> 8, json.length & 0xff]);
    }
    expect(decodeTick(JSON.parse(frames[0]?.text ?? '')).seq).toBe(tick.seq);
  });

  it('should give every client that joins while ticks are made each tick once, with nothing between catch-up and live', async () => {
    const server = await startTestServer();
    const ticking = setInterval(() => server.step(), 1);
    onTestFinished(() => clearInterval(ticking));
    const clients: PlainWebSocketClient[] = [];
    for (let i = 0; i < 10; i++) {
      server.step();
      clients.push(await PlainWebSocketClient.open(server.url, `since=${Math.max(0, server.engine.latestSeq - i)}&epoch=${TEST_EPOCH}`));
    }
    const last = server.engine.latestSeq + 5;
    await vi.waitFor(() => expect(server.engine.latestSeq).toBeGreaterThanOrEqual(last));
    clearInterval(ticking);

    for (const client of clients) {
      await vi.waitFor(() => expect(client.seqs().at(-1)).toBe(server.engine.latestSeq));
      const seqs = client.seqs();
      expect(seqs).toEqual(run(seqs[0] ?? 0, server.engine.latestSeq));
    }
  });

  it('should count its clients as the server panel’s WebSocket viewers, and its frames', async () => {
    const server = await startTestServer();
    const clients = await Promise.all([0, 1].map(() => PlainWebSocketClient.open(server.url)));
    await Promise.all(clients.map((client) => client.received(1)));
    server.step();
    await Promise.all(clients.map((client) => client.received(2)));

    await vi.waitFor(() => expect(server.app.stats.recent().at(-1)?.viewers.websocket).toBe(2), { timeout: 3000 });
    const framesOut = server.app.stats.recent().at(-1)?.totals.framesOut ?? 0;
    expect(framesOut).toBeGreaterThanOrEqual(4);
    clients[0]?.ws.close();
    await clients[0]?.closed;
    await vi.waitFor(() => expect(server.app.stats.recent().at(-1)?.viewers.websocket).toBe(1), { timeout: 3000 });
  });
});
