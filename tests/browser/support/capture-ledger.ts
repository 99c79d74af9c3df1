import { METER_PATH, type WireCounters } from '../../../lib/protocol/meter-report';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { SOCKET_PATH } from '../../../lib/protocol/socket-events';
import type { CapturedSegment } from './packet-capture';

export type CaptureLedgerName = 'socketio' | 'polling' | 'overhead' | 'unbooked';

/** What a request and everything after it on its connection, up to the next request, is booked to. */
function ledgerOf(target: string): CaptureLedgerName {
  const url = new URL(target, 'http://capture');
  if (url.pathname === POLL_PATH && url.searchParams.has('tab')) return 'polling';
  if (url.pathname === METER_PATH) return 'overhead';
  if (url.pathname.startsWith(SOCKET_PATH) && url.searchParams.get('transport') === 'websocket') return 'socketio';
  return 'unbooked';
}

/**
 * Books a capture's bytes the way a reader of the capture would, independently of the server: each
 * HTTP request starts a stretch of its connection that runs to the next request on it (or to its end,
 * for a WebSocket or an event stream), and every byte of the stretch, both ways, belongs to what that
 * request was for. Bytes before a connection's first request (a TLS handshake) go with that request.
 * Only segments before `until` (epoch seconds) count.
 */
export function bookCapture(segments: readonly CapturedSegment[], until = Infinity): Record<CaptureLedgerName, WireCounters> {
  const totals: Record<CaptureLedgerName, { requests: number; bytesUp: number; bytesDown: number }> = {
    socketio: { requests: 0, bytesUp: 0, bytesDown: 0 },
    polling: { requests: 0, bytesUp: 0, bytesDown: 0 },
    overhead: { requests: 0, bytesUp: 0, bytesDown: 0 },
    unbooked: { requests: 0, bytesUp: 0, bytesDown: 0 },
  };
  const current = new Map<number, CaptureLedgerName>();
  const beforeFirstRequest = new Map<number, { up: number; down: number }>();

  for (const segment of segments) {
    if (segment.time >= until) continue;
    if (segment.requestTarget !== undefined) {
      const ledger = ledgerOf(segment.requestTarget);
      totals[ledger].requests += 1;
      if (!current.has(segment.stream)) {
        const early = beforeFirstRequest.get(segment.stream);
        totals[ledger].bytesUp += early?.up ?? 0;
        totals[ledger].bytesDown += early?.down ?? 0;
        beforeFirstRequest.delete(segment.stream);
      }
      current.set(segment.stream, ledger);
    }
    const ledger = current.get(segment.stream);
    if (ledger) {
      if (segment.fromServer) totals[ledger].bytesDown += segment.length;
      else totals[ledger].bytesUp += segment.length;
    } else {
      const early = beforeFirstRequest.get(segment.stream) ?? { up: 0, down: 0 };
      if (segment.fromServer) early.down += segment.length;
      else early.up += segment.length;
      beforeFirstRequest.set(segment.stream, early);
    }
  }
  return totals;
}
