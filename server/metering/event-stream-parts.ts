import type { SseBreakdown } from '../../lib/protocol/meter-report';
import type { EventStreamExchange } from '../../lib/protocol/wire-inspection';
import type { CarriedBytes } from './socket-io-parts';

/** What a Server-Sent Events stream's own meter counted as it wrote; plaintext bytes, going down. */
export interface EventTally {
  /** The response's status line and headers. */
  readonly responseHeadBytes: number;
  /** Each event's field names and line ends (`id: `, `event: `, `data: `, LF, the blank line) and the `retry:` line. */
  readonly eventFramingBytes: number;
  /** What the events' `data:` lines carry. */
  readonly dataBytes: number;
  /** The part of the data that is tick data. */
  readonly tickBytes: number;
  /** The stream's head and its last event, for the wire inspector. */
  inspect(): EventStreamExchange;
}

type SseParts = { -readonly [K in keyof SseBreakdown]: SseBreakdown[K] };

/**
 * Adds one event stream's bytes to `parts`. The socket's counters give the totals: what the browser sent
 * is its GET, what came down is the head, the events and the chunked encoding around each write, which
 * is what remains once the meter's own figures are taken out. The parts therefore add up to the
 * connection's bytes exactly; the meter's figures are capped so that no part goes negative.
 */
export function addEventStreamParts(parts: SseParts, carried: CarriedBytes, tally: EventTally): void {
  const down = carried.plain - carried.plainUp;
  const head = Math.min(tally.responseHeadBytes, down);
  const framing = Math.min(tally.eventFramingBytes, down - head);
  const data = Math.min(tally.dataBytes, down - head - framing);
  parts.requestHeaders += carried.plainUp;
  parts.responseHeaders += head;
  parts.eventFraming += framing;
  parts.data += data;
  parts.chunkFraming += down - head - framing - data;
  parts.tls += carried.wire - carried.plain;
  parts.ticks += Math.min(tally.tickBytes, data);
}
