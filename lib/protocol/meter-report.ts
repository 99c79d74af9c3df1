import { z } from 'zod';
import { tabIdSchema } from './tab-id';
import { perMode, type TransportMode } from './transport-mode';

export const METER_PATH = '/api/meter';

/** Bytes are TCP payload bytes of the tab's own connections, counted by the server on its sockets. */
export const wireCountersSchema = z.object({
  requests: z.number().int().nonnegative(),
  bytesUp: z.number().int().nonnegative(),
  bytesDown: z.number().int().nonnegative(),
});
export type WireCounters = z.infer<typeof wireCountersSchema>;

export const ZERO_COUNTERS: WireCounters = Object.freeze({ requests: 0, bytesUp: 0, bytesDown: 0 });

/** No traffic in any mode. */
export const ZERO_MODE_COUNTERS: Readonly<Record<TransportMode, WireCounters>> = Object.freeze(perMode(() => ZERO_COUNTERS));

const byteCount = z.number().int().nonnegative();

/**
 * Where a tab's polling bytes went, both directions together; the first four parts add up to bytesUp +
 * bytesDown. Request lines and headers go up; status lines with headers, and bodies, come down; `tls`
 * is the handshakes and every record's header and tag (0 over plain HTTP). `ticks` is the part of the
 * bodies that is tick data (the tick arrays, or the snapshot's prices), the rest being JSON envelope.
 */
export const pollingBreakdownSchema = z.object({
  requestHeaders: byteCount,
  responseHeaders: byteCount,
  bodies: byteCount,
  tls: byteCount,
  ticks: byteCount,
});
export type PollingBreakdown = z.infer<typeof pollingBreakdownSchema>;

export const ZERO_POLLING_BREAKDOWN: PollingBreakdown = Object.freeze({
  requestHeaders: 0,
  responseHeaders: 0,
  bodies: 0,
  tls: 0,
  ticks: 0,
});

/**
 * Where a tab's Socket.IO bytes went, both directions together; the first five parts add up to bytesUp +
 * bytesDown. `handshake` is the HTTP upgrade request and its 101 response; `frameHeaders` every WebSocket
 * frame header (the client's 4-byte masking keys included); `payload` the frame payloads other than pings
 * and pongs (engine.io's open packet, Socket.IO's connect, events and acks); `pings` the ping and pong
 * frames whole; `tls` as for polling. Close frames count whole under `frameHeaders`, and so does anything
 * the server cannot tell apart (a frame sent while a close was under way), so the sum stays exact.
 * `ticks` is the part of the payload that is tick data: the tick of each tick event, and the tick data of
 * each subscribe reply's catch-up.
 */
export const socketIoBreakdownSchema = z.object({
  handshake: byteCount,
  frameHeaders: byteCount,
  payload: byteCount,
  pings: byteCount,
  tls: byteCount,
  ticks: byteCount,
});
export type SocketIoBreakdown = z.infer<typeof socketIoBreakdownSchema>;

export const ZERO_SOCKET_IO_BREAKDOWN: SocketIoBreakdown = Object.freeze({
  handshake: 0,
  frameHeaders: 0,
  payload: 0,
  pings: 0,
  tls: 0,
  ticks: 0,
});

/**
 * Where a tab's long-polling bytes went: the same parts as polling's, which add up to bytesUp + bytesDown,
 * and beside them how long the server held the polls before answering (`heldMs`, summed) and how many
 * of them it held at all (`heldPolls`; a poll answered at once because a tick was already there is not).
 */
export const longPollingBreakdownSchema = pollingBreakdownSchema.extend({
  heldMs: z.number().int().nonnegative(),
  heldPolls: z.number().int().nonnegative(),
});
export type LongPollingBreakdown = z.infer<typeof longPollingBreakdownSchema>;

export const ZERO_LONG_POLLING_BREAKDOWN: LongPollingBreakdown = Object.freeze({ ...ZERO_POLLING_BREAKDOWN, heldMs: 0, heldPolls: 0 });

/**
 * Where a tab's Server-Sent Events bytes went, both directions together; the first six parts add up to
 * bytesUp + bytesDown. `requestHeaders` is each stream's GET; `responseHeaders` its status line and
 * headers (a refused stream's whole answer, which has no events); `chunkFraming` the chunked encoding's
 * size lines and CRLFs around every write; `eventFraming` everything of each event but its data: the field
 * names and line ends (`id: `, `event: `, `data: `, the blank line), the `id:` and `event:` values, and
 * the stream's `retry:` line; `data` the values of the `data:` lines; `tls` as for polling. `ticks` is the
 * part of `data` that is tick data.
 */
export const sseBreakdownSchema = z.object({
  requestHeaders: byteCount,
  responseHeaders: byteCount,
  chunkFraming: byteCount,
  eventFraming: byteCount,
  data: byteCount,
  tls: byteCount,
  ticks: byteCount,
});
export type SseBreakdown = z.infer<typeof sseBreakdownSchema>;

export const ZERO_SSE_BREAKDOWN: SseBreakdown = Object.freeze({
  requestHeaders: 0,
  responseHeaders: 0,
  chunkFraming: 0,
  eventFraming: 0,
  data: 0,
  tls: 0,
  ticks: 0,
});

/**
 * Where a tab's plain WebSocket bytes went: the parts are Socket.IO's (handshake, frame headers, payload,
 * pings and pongs, TLS), but the payload is the tick text alone, with no envelope around it, and the
 * pings are WebSocket ping and pong control frames rather than engine.io packets.
 */
export const webSocketBreakdownSchema = socketIoBreakdownSchema;
export type WebSocketBreakdown = SocketIoBreakdown;
export const ZERO_WEB_SOCKET_BREAKDOWN: WebSocketBreakdown = ZERO_SOCKET_IO_BREAKDOWN;

/** Each mode's breakdown, by mode. */
export const breakdownSchema = z.object({
  socketio: socketIoBreakdownSchema,
  websocket: webSocketBreakdownSchema,
  sse: sseBreakdownSchema,
  longpolling: longPollingBreakdownSchema,
  polling: pollingBreakdownSchema,
}) satisfies z.ZodType<Record<TransportMode, unknown>>;
export type MeterBreakdown = z.infer<typeof breakdownSchema>;

export const ZERO_BREAKDOWN: MeterBreakdown = Object.freeze({
  socketio: ZERO_SOCKET_IO_BREAKDOWN,
  websocket: ZERO_WEB_SOCKET_BREAKDOWN,
  sse: ZERO_SSE_BREAKDOWN,
  longpolling: ZERO_LONG_POLLING_BREAKDOWN,
  polling: ZERO_POLLING_BREAKDOWN,
});

/** Sent to a tab about once a second over its meter feed; every figure is a running total since the tab appeared. */
export const meterReportSchema = z.object({
  serverTs: z.number(),
  modes: z.object({
    socketio: wireCountersSchema,
    websocket: wireCountersSchema,
    sse: wireCountersSchema,
    longpolling: wireCountersSchema,
    polling: wireCountersSchema,
  }) satisfies z.ZodType<Record<TransportMode, WireCounters>>,
  /** The meter feed's own traffic, kept apart so it inflates no mode. */
  overhead: wireCountersSchema,
  breakdown: breakdownSchema,
  /** Polls and long polls the server refused with 429 Too Many Requests; they are in those modes' figures like any other. */
  refusedPolls: z.number().int().nonnegative(),
});
export type MeterReport = z.infer<typeof meterReportSchema>;

/**
 * Most other tabs one meter feed may carry besides its own: a page's other views (the lanes of /compare).
 * Browsers open at most six HTTP/1.1 connections to a server, and a page with five lanes would need five
 * feeds on top of its streams and polls; one feed for all of them leaves the connections to the transports.
 */
export const MAX_FEED_OTHERS = 4;

/**
 * An event of GET /api/meter?tab=<id>&others=<id>,<id>: the feed's own tab's report, and the reports of
 * the other tabs it was asked for, by tab id. The feed's bytes are booked to its own tab's overhead.
 */
export const meterFeedEventSchema = meterReportSchema.extend({
  others: z.record(tabIdSchema, meterReportSchema).optional(),
});
export type MeterFeedEvent = z.infer<typeof meterFeedEventSchema>;
