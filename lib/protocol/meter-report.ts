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

/** Sent to a tab about once a second over its meter feed; every figure is a running total since the tab appeared. */
export const meterReportSchema = z.object({
  serverTs: z.number(),
  modes: z.object({
    socketio: wireCountersSchema,
    polling: wireCountersSchema,
  }) satisfies z.ZodType<Record<TransportMode, WireCounters>>,
  /** The meter feed's own traffic, kept apart so it inflates neither mode. */
  overhead: wireCountersSchema,
});
export type MeterReport = z.infer<typeof meterReportSchema>;
