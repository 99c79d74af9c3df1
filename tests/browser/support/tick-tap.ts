import type { Page } from 'playwright-core';
import { decodeFeedMessage } from '../../../lib/protocol/feed-message';
import { marketInfoSchema } from '../../../lib/protocol/market-info';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { SSE_PATH, SSE_RESUME_EVENT } from '../../../lib/protocol/sse-api';
import { TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';

/** Where a page's stream of one epoch starts (a snapshot) and which ticks of it arrived after. */
export interface EpochRecord {
  readonly epoch: number;
  /**
   * Where the page's view of this epoch starts: the market it loaded (its history ends there), else the
   * first snapshot that announced the epoch. It needs every tick after it.
   */
  from: number;
  /** Whether `from` is a loaded market's, which a page starts its view over from. */
  loaded: boolean;
  /** Snapshots answered to polls or subscriptions after the market loaded: each skips what it jumps over. */
  readonly laterSnapshots: number[];
  readonly seqs: Set<number>;
  /** When (Date.now() here) the first tick or snapshot of this epoch arrived. */
  readonly firstAt: number;
  /** When the first tick of this epoch arrived: the page is live in it from then. */
  firstTickAt?: number;
}

/** Ticks, catch-ups and snapshots as they reached one page over the wire, from Chromium's own view of it. */
export interface TickTap {
  readonly epochs: readonly EpochRecord[];
  /** Seqs a page of this epoch needed and never received: after its first snapshot, up to the last it got. */
  missing(epoch: number): number[];
  /** The highest seq received in the epoch, or undefined. */
  latest(epoch: number): number | undefined;
  /** Records a catch-up or poll answer (a PollResponse) received some other way (see tapEventSource). */
  recordFeed(value: unknown): void;
  /** Records a wire tick received some other way. */
  recordTick(wire: unknown): void;
}

const ACK = /^43\d*\[([\s\S]*)\]$/;

/** Starts recording what `page` receives, from its WebSocket frames and its market and poll responses. */
export function tapTicks(page: Page): TickTap {
  const epochs: EpochRecord[] = [];
  const recordOf = (epoch: number, from: number): EpochRecord => {
    let record = epochs.find((r) => r.epoch === epoch);
    if (!record) {
      record = { epoch, from, loaded: false, laterSnapshots: [], seqs: new Set(), firstAt: Date.now() };
      epochs.push(record);
    }
    return record;
  };
  // A snapshot in an epoch the page has not loaded only tells it to load that market; once loaded, one
  // would move the view past whatever ticks it skips.
  const snapshot = (epoch: number, seq: number) => {
    const record = recordOf(epoch, seq);
    if (record.loaded) record.laterSnapshots.push(seq);
  };
  const marketLoaded = (epoch: number, seq: number) => {
    const record = recordOf(epoch, seq);
    record.from = seq;
    record.loaded = true;
    record.laterSnapshots.length = 0;
  };
  const feed = (value: unknown) => {
    const message = decodeFeedMessage(value);
    if (message.kind === 'snapshot') snapshot(message.snapshot.epoch, message.snapshot.seq);
    else for (const tick of message.ticks) tick_(tick.epoch, tick.seq);
  };
  const tick_ = (epoch: number, seq: number) => {
    const record = recordOf(epoch, seq - 1);
    record.firstTickAt ??= Date.now();
    record.seqs.add(seq);
  };

  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString();
      // The plain WebSocket's frames: a tick alone, or a catch-up page (an empty one is a heartbeat).
      // Socket.IO's always begin with a packet type digit.
      if (text.startsWith('[')) {
        const tick = decodeTick(JSON.parse(text));
        tick_(tick.epoch, tick.seq);
        return;
      }
      if (text.startsWith('{')) {
        feed(JSON.parse(text));
        return;
      }
      if (text.startsWith('42')) {
        const [event, wire] = JSON.parse(text.slice(2)) as [string, unknown];
        if (event === TICK_EVENT) {
          const tick = decodeTick(wire);
          tick_(tick.epoch, tick.seq);
        }
        return;
      }
      const ack = ACK.exec(text);
      if (ack?.[1]) feed(JSON.parse(ack[1]));
    });
  });
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname !== POLL_PATH && pathname !== '/api/market') return;
    response
      .json()
      .then((body: unknown) => {
        if (pathname === POLL_PATH) feed(body);
        else {
          const info = marketInfoSchema.parse(body);
          marketLoaded(info.snapshot.epoch, info.snapshot.seq);
        }
      })
      // A response whose body never arrived (the link was cut) delivered nothing to the page either.
      .catch(() => undefined);
  });

  return {
    epochs,
    missing(epoch) {
      const record = epochs.find((r) => r.epoch === epoch);
      if (!record) return [];
      const last = Math.max(record.from, ...record.seqs, ...record.laterSnapshots);
      const missing: number[] = [];
      for (let seq = record.from + 1; seq <= last; seq++) if (!record.seqs.has(seq)) missing.push(seq);
      return missing;
    },
    latest(epoch) {
      const record = epochs.find((r) => r.epoch === epoch);
      return record && record.seqs.size > 0 ? Math.max(...record.seqs) : undefined;
    },
    recordFeed: feed,
    recordTick(wire) {
      const tick = decodeTick(wire);
      tick_(tick.epoch, tick.seq);
    },
  };
}

/**
 * Adds to `tap` what `page` receives over Server-Sent Events streams of ticks, from Chromium's own record
 * of each stream's events (the DevTools protocol's eventSourceMessageReceived): Playwright shows no
 * event-stream messages, and a stream's response never ends to be read. Call before the page opens a stream.
 */
export async function tapEventSource(page: Page, tap: TickTap): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const streams = new Set<string>();
  session.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (new URL(request.url).pathname === SSE_PATH) streams.add(requestId);
  });
  session.on('Network.eventSourceMessageReceived', ({ requestId, eventName, data }) => {
    if (!streams.has(requestId)) return;
    const value: unknown = JSON.parse(data);
    if (eventName === 'message') tap.recordTick(value);
    else if (eventName === SSE_RESUME_EVENT) tap.recordFeed(value);
  });
  await session.send('Network.enable');
}
