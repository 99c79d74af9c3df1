import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { pollResponseSchema } from '../../../../lib/protocol/poll-api';
import { SSE_PATH, SSE_RESUME_EVENT } from '../../../../lib/protocol/sse-api';
import { decodeTick } from '../../../../lib/protocol/tick-codec';
import { MAX_UNREAD_STREAM_BYTES } from '../../../../server/http/event-streams';
import { RawEventStream } from '../../support/raw-event-stream';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../../../support/start-test-server';

/**
 * The largest market the options allow, stepped by the test: about 4 KB a tick, 4 ticks every 10 ms, so
 * a stalled reader fills the kernel's buffers (a few MB on loopback) within seconds, and then this process's.
 */
const MARKET = { symbols: 500 };
const STEP_EVERY_MS = 10;
const TICKS_PER_STEP = 4;

/** Every tick a stream has given so far, in order: catch-up pages, then live ticks. */
function seqsSeen(stream: RawEventStream): number[] {
  return stream.events.flatMap((event) => {
    if (event.event === 'message') return [decodeTick(JSON.parse(event.data)).seq];
    if (event.event !== SSE_RESUME_EVENT) return [];
    const page = pollResponseSchema.parse(JSON.parse(event.data));
    return page.kind === 'ticks' ? page.ticks.map((wire) => decodeTick(wire).seq) : [];
  });
}

describe('slow SSE readers', () => {
  it('should cut a stream whose reader stopped once this process holds too much for it, while a reading one gets every tick', async () => {
    const server = await startTestServer(MARKET);
    const reader = await RawEventStream.open(server.port, `${SSE_PATH}?tab=${newTabId()}`);
    const slow = await RawEventStream.open(server.port, `${SSE_PATH}?tab=${newTabId()}`);
    await slow.next();
    slow.pause();

    const ticking = setInterval(() => server.step(TICKS_PER_STEP), STEP_EVERY_MS);
    onTestFinished(() => clearInterval(ticking));
    await vi.waitFor(() => expect(server.app.sse.size).toBe(1), { timeout: 20_000, interval: 50 });
    clearInterval(ticking);

    await vi.waitFor(() => expect(server.app.stats.recent().at(-1)?.totals.slowReadersCut).toBe(1), { timeout: 5000 });
    // Once it reads again it gets what the kernel held, then the end of the connection.
    slow.resume();
    await slow.ended();
    expect(slow.streamEnded).toBe(false);

    const last = server.engine.latestSeq;
    await vi.waitFor(() => expect(seqsSeen(reader).at(-1)).toBe(last), { timeout: 10_000 });
    expect(seqsSeen(reader)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  }, 60_000);

  it('should not cut a stream for a catch-up larger than the limit, which it reads as fast as its link allows', async () => {
    const server = await startTestServer(MARKET);
    server.step(server.engine.historyCapacity);
    const stream = await RawEventStream.open(server.port, `${SSE_PATH}?since=0&epoch=${TEST_EPOCH}&tab=${newTabId()}`);
    server.step();

    const last = server.engine.latestSeq;
    await vi.waitFor(() => expect(seqsSeen(stream).at(-1)).toBe(last), { timeout: 10_000 });
    expect(stream.bytesReceived).toBeGreaterThan(4 * MAX_UNREAD_STREAM_BYTES);
    expect(seqsSeen(stream)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(server.app.sse.size).toBe(1);
  });
});
