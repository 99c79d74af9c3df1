import { METER_PATH, type WireCounters } from '../../../lib/protocol/meter-report';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { SOCKET_PATH } from '../../../lib/protocol/socket-events';
import type { CapturedSegment } from './capture-file';

export type CaptureLedgerName = 'socketio' | 'polling' | 'overhead' | 'unbooked';

/** One HTTP request and everything after it on its connection, both ways, up to the next request. */
export interface CaptureStretch {
  /** What the request was for. */
  readonly ledger: CaptureLedgerName;
  readonly stream: number;
  /**
   * In capture order, from the segment that completes the request; a connection's first stretch also
   * holds what came before its first request (a TLS handshake), in front.
   */
  readonly segments: readonly CapturedSegment[];
}

/** What a request and everything after it on its connection, up to the next request, is booked to. */
function ledgerOf(target: string): CaptureLedgerName {
  const url = new URL(target, 'http://capture');
  if (url.pathname === POLL_PATH && url.searchParams.has('tab')) return 'polling';
  if (url.pathname === METER_PATH) return 'overhead';
  if (url.pathname.startsWith(SOCKET_PATH) && url.searchParams.get('transport') === 'websocket') return 'socketio';
  return 'unbooked';
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
      stretches.push({ ledger: ledgerOf(segment.requestTarget), stream: segment.stream, segments: opening });
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
  const totals: Record<CaptureLedgerName, { requests: number; bytesUp: number; bytesDown: number }> = {
    socketio: { requests: 0, bytesUp: 0, bytesDown: 0 },
    polling: { requests: 0, bytesUp: 0, bytesDown: 0 },
    overhead: { requests: 0, bytesUp: 0, bytesDown: 0 },
    unbooked: { requests: 0, bytesUp: 0, bytesDown: 0 },
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
