import { z } from 'zod';
import type { TransportMode } from './transport-mode';

export const METER_PATH = '/api/meter';

/** Bytes are TCP payload bytes of the tab's own connections, counted by the server on its sockets. */
export const wireCountersSchema = z.object({
  requests: z.number().int().nonnegative(),
  bytesUp: z.number().int().nonnegative(),
  bytesDown: z.number().int().nonnegative(),
});
export type WireCounters = z.infer<typeof wireCountersSchema>;

export const ZERO_COUNTERS: WireCounters = Object.freeze({ requests: 0, bytesUp: 0, bytesDown: 0 });

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

/** Sent to a tab about once a second over its meter feed; every figure is a running total since the tab appeared. */
export const meterReportSchema = z.object({
  serverTs: z.number(),
  modes: z.object({
    socketio: wireCountersSchema,
    polling: wireCountersSchema,
  }) satisfies z.ZodType<Record<TransportMode, WireCounters>>,
  /** The meter feed's own traffic, kept apart so it inflates neither mode. */
  overhead: wireCountersSchema,
  breakdown: z.object({ polling: pollingBreakdownSchema, socketio: socketIoBreakdownSchema }),
  /** Polls the server refused with 429 Too Many Requests; they are in the polling figures like any other. */
  refusedPolls: z.number().int().nonnegative(),
});
export type MeterReport = z.infer<typeof meterReportSchema>;
