import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { POLL_MAX_TICKS, pollResponseSchema, type PollResponse } from '../../../../lib/protocol/poll-api';
import { SSE_HEARTBEAT_EVENT, SSE_PATH, SSE_RESUME_EVENT, SSE_RETRY_MS } from '../../../../lib/protocol/sse-api';
import { decodeTick } from '../../../../lib/protocol/tick-codec';
import { RawEventStream, type WireEvent } from '../../support/raw-event-stream';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../../support/start-test-server';

const MARKET = { symbols: 5, seed: 7 };

/** Opens a stream of the tab's ticks with this query (without `tab`) and these extra header lines. */
function openStream(server: TestServer, query = '', extraHeaders = ''): Promise<RawEventStream> {
  const tab = `tab=${newTabId()}`;
  return RawEventStream.open(server.port, `${SSE_PATH}?${query ? `${query}&${tab}` : tab}`, { extraHeaders });
}

function pageOf(event: WireEvent): PollResponse {
  expect(event.event).toBe(SSE_RESUME_EVENT);
  return pollResponseSchema.parse(JSON.parse(event.data));
}

/** The sequence numbers of a page's ticks. */
function seqsOf(page: PollResponse): number[] {
  if (page.kind !== 'ticks') throw new Error(`expected ticks, got a ${page.kind}`);
  return page.ticks.map((wire) => decodeTick(wire).seq);
}

/** Every tick a stream has given, in order: those of its catch-up pages (none in a snapshot), then its live ones. */
function seqsSeen(stream: RawEventStream): number[] {
  return stream.events.flatMap((event) => {
    if (event.event === SSE_RESUME_EVENT) {
      const page = pageOf(event);
      return page.kind === 'snapshot' ? [] : seqsOf(page);
    }
    if (event.event === 'message') return [decodeTick(JSON.parse(event.data)).seq];
    return [];
  });
}

/** Waits for the stream's tick `seq`, live or in a page. */
async function seen(stream: RawEventStream, seq: number): Promise<void> {
  await vi.waitFor(() => expect(seqsSeen(stream).at(-1)).toBe(seq));
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe('SSE stream', () => {
  it('should open with its retry line and the ticks after `since`, then every live tick with its id', async () => {
    const server = await startTestServer(MARKET);
    server.step(5);
    const stream = await openStream(server, `since=2&epoch=${TEST_EPOCH}`);

    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['transfer-encoding']).toBe('chunked');
    expect(stream.headers.connection).toBe('keep-alive');
    const resume = await stream.next();
    expect(stream.retries).toEqual([SSE_RETRY_MS]);
    expect(resume.id).toBe(`${TEST_EPOCH}:5`);
    expect(pageOf(resume)).toMatchObject({ kind: 'ticks', epoch: TEST_EPOCH, seq: 5, gap: false, more: false });
    expect(seqsOf(pageOf(resume))).toEqual([3, 4, 5]);

    server.step(3);
    await seen(stream, 8);
    const live = stream.events.slice(1);
    expect(live.map((event) => [event.event, event.id])).toEqual([6, 7, 8].map((seq) => ['message', `${TEST_EPOCH}:${seq}`]));
    // A tick is a plain message: an id, the tick, and nothing else.
    expect(live[0]?.text).toBe(`id: ${TEST_EPOCH}:6\ndata: ${live[0]?.data}\n\n`);
  });

  it('should lose and repeat no tick between the catch-up and the live ticks of streams opened while the market ticks', async () => {
    const server = await startTestServer(MARKET);
    server.step(3);
    const ticking = setInterval(() => server.step(), 1);
    onTestFinished(() => clearInterval(ticking));
    const streams: RawEventStream[] = [];
    for (let i = 0; i < 8; i++) streams.push(await openStream(server, `since=1&epoch=${TEST_EPOCH}`));
    clearInterval(ticking);

    const last = server.engine.latestSeq;
    for (const stream of streams) {
      await seen(stream, last);
      expect(seqsSeen(stream)).toEqual(range(2, last));
    }
  });

  it('should resume from a Last-Event-ID over the query, as a browser reconnecting to the URL it first opened does', async () => {
    const server = await startTestServer(MARKET);
    server.step(10);
    const stream = await openStream(server, `since=2&epoch=${TEST_EPOCH}`, `Last-Event-ID: ${TEST_EPOCH}:7\r\n`);
    expect(seqsOf(pageOf(await stream.next()))).toEqual([8, 9, 10]);
  });

  it('should resume from the query when the Last-Event-ID is empty, which is how SSE says "no id"', async () => {
    const server = await startTestServer(MARKET);
    server.step(4);
    const stream = await openStream(server, `since=2&epoch=${TEST_EPOCH}`, 'Last-Event-ID: \r\n');
    expect(seqsOf(pageOf(await stream.next()))).toEqual([3, 4]);
  });

  it('should start a client of another epoch, or of none, from a snapshot, and tick on from it', async () => {
    const server = await startTestServer(MARKET);
    server.step(4);
    for (const query of [`since=3&epoch=${TEST_EPOCH + 1}`, '']) {
      const stream = await openStream(server, query);
      const resume = await stream.next();
      expect(resume.id).toBe(`${TEST_EPOCH}:${server.engine.latestSeq}`);
      expect(pageOf(resume)).toMatchObject({ kind: 'snapshot', snapshot: { epoch: TEST_EPOCH, seq: server.engine.latestSeq } });
      server.step();
      const tick = await stream.next((event) => event.event === 'message');
      expect(tick.id).toBe(`${TEST_EPOCH}:${server.engine.latestSeq}`);
    }
  });

  it('should catch up in pages of a poll answer, each with the id of its last tick and all but the last with `more`', async () => {
    const server = await startTestServer(MARKET);
    server.step(POLL_MAX_TICKS + 50);
    const stream = await openStream(server, `since=0&epoch=${TEST_EPOCH}`);
    const first = await stream.next();
    const second = await stream.next(() => true, 1);

    expect([first.id, second.id]).toEqual([`${TEST_EPOCH}:${POLL_MAX_TICKS}`, `${TEST_EPOCH}:${POLL_MAX_TICKS + 50}`]);
    expect([pageOf(first), pageOf(second)]).toMatchObject([{ more: true }, { more: false }]);
    expect(seqsSeen(stream)).toEqual(range(1, POLL_MAX_TICKS + 50));
  });

  it('should make each tick event once and write the same bytes to every stream', async () => {
    const server = await startTestServer(MARKET);
    const streams = [await openStream(server), await openStream(server), await openStream(server, `since=0&epoch=${TEST_EPOCH}`)];
    const made = server.app.sse.tickEventsMade;
    server.step(3);
    for (const stream of streams) await seen(stream, 3);

    expect(server.app.sse.tickEventsMade - made).toBe(3);
    const [texts, ...others] = streams.map((stream) => stream.events.filter((event) => event.event === 'message').map((event) => event.text));
    expect(texts).toHaveLength(3);
    for (const other of others) expect(other).toEqual(texts);
  });

  it('should send a heartbeat on a stream with nothing else to say', async () => {
    const server = await startTestServer(MARKET);
    server.step();
    const stream = await openStream(server);

    const heartbeat = await stream.next((event) => event.event === SSE_HEARTBEAT_EVENT);
    expect(heartbeat).toEqual({ event: SSE_HEARTBEAT_EVENT, id: undefined, data: '', text: `event: ${SSE_HEARTBEAT_EVENT}\ndata:\n\n` });
  });

  it('should catch a stream up from where it is when the market jumps ahead without a tick, as a follower of a shared market does', async () => {
    const server = await startTestServer(MARKET);
    const leader = new MarketEngine(MARKET, { epoch: TEST_EPOCH });
    for (let i = 0; i < 3; i++) expect(server.engine.replay(leader.step())).toBe(true);
    const stream = await openStream(server, `since=0&epoch=${TEST_EPOCH}`);
    await seen(stream, 3);

    // The follower loads the leader's saved state, four ticks on, without a tick of its own.
    for (let i = 0; i < 4; i++) leader.step();
    server.engine.adopt(leader.state(), leader.history());
    expect(server.engine.replay(leader.step())).toBe(true);

    await seen(stream, 8);
    expect(seqsSeen(stream)).toEqual(range(1, 8));
    expect(stream.events.at(-1)).toMatchObject({ event: SSE_RESUME_EVENT, id: `${TEST_EPOCH}:8` });
  });

  it('should count its open streams as viewers, and forget a stream once its reader has gone', async () => {
    const server = await startTestServer(MARKET);
    const [first] = [await openStream(server), await openStream(server)];
    expect(server.app.sse.size).toBe(2);
    first?.close();
    await vi.waitFor(() => expect(server.app.sse.size).toBe(1));
  });
});
