import type { MeterBreakdown } from '../protocol/meter-report';
import type { TransportMode } from '../protocol/transport-mode';
import type { Counts } from './wire-counters';

/** The fields of a breakdown that are bytes on the wire; `ticks` is inside them, long polling's hold times beside them. */
type PartOf<T> = Exclude<keyof T, 'ticks' | 'heldMs' | 'heldPolls'> & string;

/**
 * The parts of each mode's bytes, in the order they are drawn (what the browser sends first, then what
 * comes back, then TLS around it all); they add up to the mode's bytes up and down. `ticks` is not a
 * part: it is the tick data inside the bodies or the payload.
 */
export const BREAKDOWN_PARTS = {
  socketio: ['handshake', 'frameHeaders', 'payload', 'pings', 'tls'],
  websocket: ['handshake', 'frameHeaders', 'payload', 'pings', 'tls'],
  sse: ['requestHeaders', 'responseHeaders', 'chunkFraming', 'eventFraming', 'data', 'tls'],
  longpolling: ['requestHeaders', 'responseHeaders', 'bodies', 'tls'],
  polling: ['requestHeaders', 'responseHeaders', 'bodies', 'tls'],
} as const satisfies { readonly [M in TransportMode]: readonly PartOf<MeterBreakdown[M]>[] };

export type BreakdownPart = (typeof BREAKDOWN_PARTS)[TransportMode][number];

/** One mode's breakdown read for display: the same figures whatever the mode. */
export interface BreakdownSummary {
  /** Every byte of the mode, up and down: the parts' sum. */
  readonly total: number;
  /** Tick data, the payload the page is for. */
  readonly ticks: number;
  /** ticks ÷ total, 0–1; null while the mode has no bytes. */
  readonly usefulShare: number | null;
  readonly parts: readonly { readonly part: BreakdownPart; readonly bytes: number }[];
}

function summarize<T extends Counts & { readonly ticks: number }>(
  breakdown: T,
  parts: readonly (PartOf<T> & BreakdownPart)[],
): BreakdownSummary {
  const shown = parts.map((part) => ({ part, bytes: breakdown[part] }));
  const total = shown.reduce((sum, { bytes }) => sum + bytes, 0);
  return { total, ticks: breakdown.ticks, usefulShare: total > 0 ? breakdown.ticks / total : null, parts: shown };
}

export function summarizeBreakdown(breakdown: MeterBreakdown): Readonly<Record<TransportMode, BreakdownSummary>> {
  return {
    socketio: summarize(breakdown.socketio, BREAKDOWN_PARTS.socketio),
    websocket: summarize(breakdown.websocket, BREAKDOWN_PARTS.websocket),
    sse: summarize(breakdown.sse, BREAKDOWN_PARTS.sse),
    longpolling: summarize(breakdown.longpolling, BREAKDOWN_PARTS.longpolling),
    polling: summarize(breakdown.polling, BREAKDOWN_PARTS.polling),
  };
}
