import { pollQuerySchema } from './poll-api';

/**
 * The plain WebSocket: ticks over a bare RFC 6455 connection, with no library's envelope, handshake or
 * heartbeat on top, to show what Socket.IO's cost.
 *
 * The client opens GET WEBSOCKET_PATH?tab=<id>&since=<seq>&epoch=<epoch> and never sends a message. The
 * server sends text frames only:
 * - first, the catch-up: one or more PollResponse objects (`{…}`), exactly what polls from the same point
 *   would get, page after page until one has `more: false`;
 * - then every tick as it is made, the frame's payload being the wire tick itself (`[epoch, seq, …]`), the
 *   same bytes for every client;
 * - an empty frame when no tick has gone out for a heartbeat interval, so that a browser, which never sees
 *   WebSocket pings, can tell a quiet market from a dead link within seconds, as an event stream's can.
 * The server also pings every ping interval (a control frame, which browsers answer by themselves) and
 * cuts a client that has not answered the previous ping.
 */
export const WEBSOCKET_PATH = '/api/ws';

/** How long the server lets go by without sending a client a frame: then it sends an empty one. */
export const WS_HEARTBEAT_MS = 1000;

/** How often the server pings each client; one that has not answered by the next ping is cut. */
export const WS_PING_MS = 10_000;

/**
 * How long a client waits without any frame before it takes the connection for dead: three heartbeats.
 * A heartbeat is due within two intervals of the last frame (the server looks once an interval), and the
 * third is slack for a busy event loop. As for an event stream, a pulled cable shows within seconds.
 */
export const WS_SILENCE_LIMIT_MS = 3 * WS_HEARTBEAT_MS;

/** The close codes this server sends (RFC 6455 §7.4.1; 1012 from the IANA registry). */
export const WS_CLOSE_CODES = {
  /** A message from the client: this endpoint takes none, of any kind. */
  unsupportedData: 1003,
  /** The server is shutting down; reconnect with backoff, a new one will be there shortly. */
  serviceRestart: 1012,
} as const;

/** The upgrade request's query: where to resume and which tab to book, as a poll's; all optional, none other. */
export const webSocketQuerySchema = pollQuerySchema;
