import { METER_PATH, type WireCounters } from '../../../lib/protocol/meter-report';
import { perMode, type TransportMode } from '../../../lib/protocol/transport-mode';
import type { CapturedSegment } from './capture-file';
import { transportRequest } from './transport-request';

export type CaptureLedgerName = TransportMode | 'overhead' | 'unbooked';

/** One HTTP request and everything after it on its connection, both ways, up to the next request. */
export interface CaptureStretch {
  /** What the request was for. */
  readonly ledger: CaptureLedgerName;
  /** The tab a transport's request names; undefined for the rest. */
  readonly tab?: string;
  readonly stream: number;
  /**
   * In capture order, from the segment that completes the request; a connection's first stretch also
   * holds what came before its first request (a TLS handshake), in front.
   */
  readonly segments: readonly CapturedSegment[];
}

/**
 * What a request and everything after it on its connection, up to the next request, is booked to: a
 * transport's request to its mode and the tab it names, read from its target alone.
 */
function ledgerOf(target: string): { readonly ledger: CaptureLedgerName; readonly tab?: string } {
  const transport = transportRequest(target);
  if (transport) return { ledger: transport.mode, tab: transport.tab };
  if (new URL(target, 'http://capture').pathname === METER_PATH) return { ledger: 'overhead' };
  return { ledger: 'unbooked' };
}

/**
 * Cuts a capture the way a reader of it would, independently of the server: each HTTP request starts a
 * stretch of its connection that runs to the next request on it (or to its end, for a WebSocket or an
 * event stream). Bytes before a connection's first request go with that request; a connection that
 * never carries a request is in no stretch. Only segments before `until` (epoch seconds) count.
 */
export function stretchesOf(segments: readonly CapturedSegment[], until = Infinity): CaptureStretch[] {
  const stretches: CaptureStretch[] = [];
  const current = new Map<number, CapturedSegment[]>();
  const beforeFirstRequest = new Map<number, CapturedSegment[]>();

  for (const segment of segments) {
    if (segment.time >= until) continue;
    if (segment.requestTarget !== undefined) {
      const opening = current.has(segment.stream) ? [] : (beforeFirstRequest.get(segment.stream) ?? []);
      beforeFirstRequest.delete(segment.stream);
      stretches.push({ ...ledgerOf(segment.requestTarget), stream: segment.stream, segments: opening });
      current.set(segment.stream, opening);
    }
    const into = current.get(segment.stream);
    if (into) {
      into.push(segment);
    } else {
      const early = beforeFirstRequest.get(segment.stream) ?? [];
      early.push(segment);
      beforeFirstRequest.set(segment.stream, early);
    }
  }
  return stretches;
}

/** Every byte of each stretch, both ways, booked to what its request was for; one request per stretch. */
export function bookCapture(segments: readonly CapturedSegment[], until = Infinity): Record<CaptureLedgerName, WireCounters> {
  const zero = () => ({ requests: 0, bytesUp: 0, bytesDown: 0 });
  const totals: Record<CaptureLedgerName, { requests: number; bytesUp: number; bytesDown: number }> = {
    ...perMode(zero),
    overhead: zero(),
    unbooked: zero(),
  };
  for (const stretch of stretchesOf(segments, until)) {
    const total = totals[stretch.ledger];
    total.requests += 1;
    for (const segment of stretch.segments) {
      if (segment.fromServer) total.bytesDown += segment.length;
      else total.bytesUp += segment.length;
    }
  }
  return totals;
}
