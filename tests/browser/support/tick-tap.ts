import type { Page, Request } from 'playwright-core';
import { decodeFeedMessage } from '../../../lib/protocol/feed-message';
import { marketInfoSchema } from '../../../lib/protocol/market-info';
import { lastEventIdSchema, SSE_PATH, SSE_RESUME_EVENT } from '../../../lib/protocol/sse-api';
import { subscribeRequestSchema, TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import { transportRequest, type TransportRequest } from './transport-request';

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
  /** Ticks a connection, stream or poll brought that it had brought already, or that it was asked to resume after. */
  readonly repeats: number[];
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
  /**
   * Seqs of the epoch that came twice over one connection, stream or poll, or at or before the position
   * it asked to resume from: what the server sent again. A tick still on its way over a connection the
   * page has let go of may also come over the next one, which asked from where the page was; the page
   * drops the late copy, and it is not counted here.
   */
  repeated(epoch: number): number[];
  /** The highest seq received in the epoch, or undefined. */
  latest(epoch: number): number | undefined;
}

/** One connection, stream or poll answer, and the position it asked to resume from. */
interface Channel {
  from: TransportRequest['from'];
  readonly seen: Set<string>;
}

/** A Socket.IO event's name and first argument, from the JSON array of its packet. */
function eventOf(json: string): [unknown, unknown] {
  const packet: unknown = JSON.parse(json);
  return Array.isArray(packet) ? [packet[0], packet[1]] : [undefined, undefined];
}

const newChannel = (from: TransportRequest['from'] = null): Channel => ({ from, seen: new Set() });

const ACK = /^43\d*\[([\s\S]*)\]$/;
const EVENT = /^42\d*(\[[\s\S]*\])$/;

/**
 * Starts recording what `page` receives, from Chromium's own record of it: every WebSocket frame
 * (Socket.IO's and the plain WebSocket's), every poll, long poll and market answer, and every event of a
 * Server-Sent Events stream. Call before the page opens any of them.
 */
export async function tapTicks(page: Page): Promise<TickTap> {
  const epochs: EpochRecord[] = [];
  const recordOf = (epoch: number, from: number): EpochRecord => {
    let record = epochs.find((r) => r.epoch === epoch);
    if (!record) {
      record = { epoch, from, loaded: false, laterSnapshots: [], seqs: new Set(), repeats: [], firstAt: Date.now() };
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
  const tick = (channel: Channel, epoch: number, seq: number) => {
    const record = recordOf(epoch, seq - 1);
    record.firstTickAt ??= Date.now();
    record.seqs.add(seq);
    const key = `${epoch}:${seq}`;
    const askedPast = channel.from?.epoch === epoch && seq <= channel.from.since;
    if (channel.seen.has(key) || askedPast) record.repeats.push(seq);
    channel.seen.add(key);
  };
  const feed = (channel: Channel, value: unknown) => {
    const message = decodeFeedMessage(value);
    if (message.kind === 'snapshot') snapshot(message.snapshot.epoch, message.snapshot.seq);
    else for (const { epoch, seq } of message.ticks) tick(channel, epoch, seq);
  };
  const wireTick = (channel: Channel, wire: unknown) => {
    const { epoch, seq } = decodeTick(wire);
    tick(channel, epoch, seq);
  };

  page.on('websocket', (socket) => {
    const channel = newChannel(transportRequest(socket.url())?.from);
    // Socket.IO names its position in its subscribe message, not in its address.
    socket.on('framesent', ({ payload }) => {
      const event = EVENT.exec(typeof payload === 'string' ? payload : payload.toString())?.[1];
      if (!event) return;
      const [name, request] = eventOf(event);
      const position = subscribeRequestSchema.safeParse(request);
      if (name !== 'subscribe' || !position.success) return;
      const { since, epoch } = position.data;
      channel.from = since !== undefined && epoch !== undefined ? { since, epoch } : null;
    });
    socket.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString();
      // The plain WebSocket's frames: a tick alone, or a catch-up page (an empty one is a heartbeat).
      // Socket.IO's always begin with a packet type digit.
      if (text.startsWith('[')) return wireTick(channel, JSON.parse(text));
      if (text.startsWith('{')) return feed(channel, JSON.parse(text));
      const event = EVENT.exec(text)?.[1];
      if (event) {
        const [name, wire] = eventOf(event);
        if (name === TICK_EVENT) wireTick(channel, wire);
        return;
      }
      const ack = ACK.exec(text);
      if (ack?.[1]) feed(channel, JSON.parse(ack[1]));
    });
  });

  page.on('response', (response) => {
    const request: Request = response.request();
    const asked = transportRequest(request.url());
    const isMarket = new URL(request.url()).pathname === '/api/market';
    // A stream's response never ends to be read: its events come through the DevTools session below.
    if (!isMarket && asked?.mode !== 'polling' && asked?.mode !== 'longpolling') return;
    response
      .json()
      .then((body: unknown) => {
        if (asked) return feed(newChannel(asked.from), body);
        const info = marketInfoSchema.parse(body);
        marketLoaded(info.snapshot.epoch, info.snapshot.seq);
      })
      // A response whose body never arrived (the link was cut) delivered nothing to the page either.
      .catch(() => undefined);
  });

  // Playwright shows no event-stream messages: Chromium's record of each stream's events comes over the
  // DevTools protocol (eventSourceMessageReceived). A stream the browser reopens by itself resumes from
  // its Last-Event-ID rather than from its address.
  const session = await page.context().newCDPSession(page);
  const streams = new Map<string, Channel>();
  session.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (new URL(request.url).pathname !== SSE_PATH) return;
    const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'last-event-id')?.[1];
    const resumed = header === undefined ? null : lastEventIdSchema.safeParse(header);
    streams.set(requestId, newChannel(resumed?.success ? resumed.data : transportRequest(request.url)?.from));
  });
  session.on('Network.eventSourceMessageReceived', ({ requestId, eventName, data }) => {
    const channel = streams.get(requestId);
    if (!channel) return;
    if (eventName === 'message') wireTick(channel, JSON.parse(data));
    else if (eventName === SSE_RESUME_EVENT) feed(channel, JSON.parse(data));
  });
  await session.send('Network.enable');

  const find = (epoch: number) => epochs.find((r) => r.epoch === epoch);
  return {
    epochs,
    missing(epoch) {
      const record = find(epoch);
      if (!record) return [];
      const last = Math.max(record.from, ...record.seqs, ...record.laterSnapshots);
      const missing: number[] = [];
      for (let seq = record.from + 1; seq <= last; seq++) if (!record.seqs.has(seq)) missing.push(seq);
      return missing;
    },
    repeated(epoch) {
      return [...(find(epoch)?.repeats ?? [])];
    },
    latest(epoch) {
      const record = find(epoch);
      return record && record.seqs.size > 0 ? Math.max(...record.seqs) : undefined;
    },
  };
}
