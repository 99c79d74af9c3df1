import { z } from 'zod';
import type { TransportMode } from './transport-mode';

export const SERVER_STATS_PATH = '/api/server';

const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();

/**
 * Running totals of one server process, or their growth per second over a sample's window.
 *
 * - `requests`: HTTP requests of every kind (polls, pages, scripts, the feeds, WebSocket upgrades);
 *   `polls` the `GET /api/ticks` among them, `longPolls` the long polls.
 * - `framesIn`, `framesOut`: WebSocket data frames, Socket.IO's (engine.io packets: ticks, acks, pings
 *   and pongs) and the plain WebSocket's (ticks and heartbeats).
 * - `bytesIn`, `bytesOut`: TCP payload of every connection to the port, received and sent by the server.
 * - `<mode>BytesIn`, `<mode>BytesOut`: the part of those that the wire ledger booked to each mode (the
 *   connections and requests of every tab); what none has is pages, scripts, feeds and untagged requests.
 * - `slowReadersCut`: connections cut because their reader stopped reading (Socket.IO and event streams)
 *   while this process held too much unsent for them.
 */
export const serverCountersSchema = z.object({
  requests: amount,
  polls: amount,
  longPolls: amount,
  framesIn: amount,
  framesOut: amount,
  bytesIn: amount,
  bytesOut: amount,
  socketioBytesIn: amount,
  socketioBytesOut: amount,
  websocketBytesIn: amount,
  websocketBytesOut: amount,
  sseBytesIn: amount,
  sseBytesOut: amount,
  longpollingBytesIn: amount,
  longpollingBytesOut: amount,
  pollingBytesIn: amount,
  pollingBytesOut: amount,
  slowReadersCut: amount,
});
export type ServerCounters = z.infer<typeof serverCountersSchema>;

/**
 * This process's part in the market: `alone` with a market of its own; with one shared through Redis,
 * `leader` (its timer makes the ticks) or `follower` (it replays the leader's).
 */
export const marketRoleSchema = z.enum(['alone', 'leader', 'follower']);
export type MarketRole = z.infer<typeof marketRoleSchema>;

/** One second (a window) of the server process at work. */
export const serverSampleSchema = z.object({
  /** Server clock, ms since the Unix epoch, when the sample was taken: the end of its window. */
  at: z.number(),
  /** How long the window was, ms; the rates and the CPU share are over this time. */
  windowMs: z.number().positive(),
  /**
   * Socket.IO: sockets subscribed to the ticks; WebSocket and Server-Sent Events: connections open on
   * their paths; polling and long polling: distinct pollers (a tab id, or a connection without one) that
   * asked within the poller window.
   */
  viewers: z.object({
    socketio: count,
    websocket: count,
    sse: count,
    longpolling: count,
    polling: count,
  }) satisfies z.ZodType<Record<TransportMode, number>>,
  /** TCP connections open on the port at the end of the window. */
  connections: count,
  totals: serverCountersSchema,
  perSecond: serverCountersSchema,
  /** CPU time (user + system) the process used over the window ÷ the window, in %: 100 is one core busy. */
  cpuPercent: amount,
  /** How late the event loop ran a 10 ms timer over the window, ms; null if it never ran it. */
  eventLoopDelay: z.object({ p99Ms: amount.nullable(), maxMs: amount.nullable() }),
  /** process.memoryUsage(), bytes. */
  memory: z.object({ rss: count, heapUsed: count, heapTotal: count }),
  /** At the end of the window: a follower becomes the leader within about a second of the leader dying. */
  role: marketRoleSchema,
});
export type ServerSample = z.infer<typeof serverSampleSchema>;

/** What stays the same while a server process runs. */
export const serverProcessSchema = z.object({
  pid: count,
  /** Server clock, ms since the Unix epoch. */
  startedAt: z.number(),
  /** Cores Node may use (os.availableParallelism()): a busy process can use more than 100 %. */
  cores: z.number().int().positive(),
  nodeVersion: z.string(),
  tickIntervalMs: z.number().positive(),
  /** A poller counts as a viewer for this long after its last poll. */
  pollerWindowMs: z.number().positive(),
  sampleIntervalMs: z.number().positive(),
});
export type ServerProcess = z.infer<typeof serverProcessSchema>;

/**
 * An event of GET /api/server. The first carries the samples of the last minute, oldest first, so a page
 * draws its charts at once; each later one the newest sample.
 */
export const serverStatsMessageSchema = z.object({
  process: serverProcessSchema,
  samples: z.array(serverSampleSchema),
});
export type ServerStatsMessage = z.infer<typeof serverStatsMessageSchema>;
