/**
 * The limits the server puts on each client (see server/guard/request-guard.ts). A "tab" is the id a page
 * sends with its polls; an "address" is the peer's IP address, an IPv6 peer's /64 (see client-address.ts).
 */
export interface AbuseLimits {
  /**
   * Polls a second one tab may make on average; it may make BURST_SECONDS' worth at once, as a page does
   * that catches up with `more: true`. The page's fastest interval (100 ms) is 10 a second.
   */
  readonly pollRatePerTab: number;
  /** Polls a second from one address, whatever tab ids they carry; the same burst. */
  readonly pollRatePerAddress: number;
  /** Open connections (HTTP and WebSocket) one address may hold; the next is answered 429 and closed. */
  readonly maxConnectionsPerAddress: number;
  /** Origins besides the server's own whose pages may use the API and Socket.IO, e.g. https://a.example. */
  readonly allowedOrigins: readonly string[];
  /**
   * Whether the per-address limits apply to loopback too. Off by default: the load generator and the
   * benchmarks run thousands of viewers from 127.0.0.1, and behind a reverse proxy every client is loopback.
   */
  readonly limitLoopback: boolean;
}

/** How many seconds' worth of polls a bucket holds: the burst a client may make after a quiet spell. */
export const BURST_SECONDS = 2;

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = Object.freeze({
  pollRatePerTab: 30,
  pollRatePerAddress: 500,
  maxConnectionsPerAddress: 256,
  allowedOrigins: Object.freeze([]),
  limitLoopback: false,
});
