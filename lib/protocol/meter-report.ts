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

/** Sent to a tab about once a second over its meter feed; every figure is a running total since the tab appeared. */
export const meterReportSchema = z.object({
  serverTs: z.number(),
  modes: z.object({
    socketio: wireCountersSchema,
    polling: wireCountersSchema,
  }) satisfies z.ZodType<Record<TransportMode, WireCounters>>,
  /** The meter feed's own traffic, kept apart so it inflates neither mode. */
  overhead: wireCountersSchema,
  breakdown: z.object({ polling: pollingBreakdownSchema }),
});
export type MeterReport = z.infer<typeof meterReportSchema>;
