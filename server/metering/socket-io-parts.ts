import type { WebSocketBreakdown } from '../../lib/protocol/meter-report';
import type { WebSocketExchange } from '../../lib/protocol/wire-inspection';

/** What a WebSocket's own meter counted as its frames passed; plaintext bytes, both directions together. */
export interface FrameCounts {
  /** The upgrade request and its 101 response. */
  readonly handshakeBytes: number;
  /** Frame payloads other than engine.io pings and pongs. */
  readonly payloadBytes: number;
  /** Ping and pong frames whole, header included. */
  readonly pingBytes: number;
  /** The part of the payloads that is tick data. */
  readonly tickBytes: number;
}

/** A WebSocket's meter, as the ledger keeps it for the tab. */
export interface FrameTally extends FrameCounts {
  /** The handshake and the last frame each way, for the wire inspector. */
  inspect(): WebSocketExchange;
}

/** A WebSocket's parts, Socket.IO's or a plain one's: the two breakdowns have the same parts. */
export type SocketIoParts = { -readonly [K in keyof WebSocketBreakdown]: WebSocketBreakdown[K] };

/** Bytes a connection carried from a starting mark on: on the wire, and as plaintext (the same without TLS). */
export interface CarriedBytes {
  /** Both directions together. */
  readonly wire: number;
  /** Both directions together. */
  readonly plain: number;
  /** The plaintext the client sent. */
  readonly plainUp: number;
}

/**
 * Adds one WebSocket's bytes to `parts`. The socket's own counters give the total and, over TLS, the
 * plaintext in it; the rest of the wire is TLS. The plaintext after the handshake is all frames: the
 * meter knows their payloads and pings, and `frameHeaders` is what remains, which is every frame header
 * and masking key plus what no engine.io packet explains (close frames, and frames sent after a close
 * began). The five parts therefore add up to the connection's bytes exactly, even where the meter
 * missed something; the meter's figures are capped so that no part goes negative.
 */
export function addSocketIoParts(parts: SocketIoParts, carried: CarriedBytes, tally: FrameCounts): void {
  const handshake = Math.min(tally.handshakeBytes, carried.plain);
  const framed = carried.plain - handshake;
  const pings = Math.min(tally.pingBytes, framed);
  const payload = Math.min(tally.payloadBytes, framed - pings);
  parts.handshake += handshake;
  parts.pings += pings;
  parts.payload += payload;
  parts.frameHeaders += framed - pings - payload;
  parts.tls += carried.wire - carried.plain;
  parts.ticks += Math.min(tally.tickBytes, payload);
}
