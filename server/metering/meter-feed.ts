import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { MeterReport } from '../../lib/protocol/meter-report';
import { tabIdSchema, type TabId } from '../../lib/protocol/tab-id';
import type { EventStreams } from '../http/event-streams';
import { sendError, sendMethodNotAllowed } from '../http/response';
import { parseQuery } from '../http/query-params';
import type { WireLedger } from './wire-ledger';
import { WireSockets } from './wire-sockets';

export const METER_REPORT_INTERVAL_MS = 1000;

const meterQuerySchema = z.strictObject({ tab: tabIdSchema });

/** Where a tab's figures come from: this process's ledger, or every process's (see ClusterMeter). */
export interface MeterSource {
  report(tab: TabId): MeterReport;
  /** The feed has closed: anything kept for the tab's reports can go. */
  forget?(tab: TabId): void;
}

/**
 * The report as an event whose overhead figure already includes the event itself, `framing` being what
 * a write adds on the wire beyond its text. Its size depends on the figure it carries, so this settles
 * on the fixed point (two or three rounds; the size only grows with the figure, so it does settle).
 */
function selfCountingEvent(report: MeterReport, framing: number): string {
  let own = 0;
  for (;;) {
    const overhead = { ...report.overhead, bytesDown: report.overhead.bytesDown + own };
    const event = `data: ${JSON.stringify({ ...report, overhead })}\n\n`;
    const size = Buffer.byteLength(event) + framing;
    if (size === own) return event;
    own = size;
  }
}

/**
 * GET /api/meter?tab=<id>: an event stream with the tab's wire totals about once a second. It rides its
 * own connection and is booked to the tab's "overhead" ledger, so it never inflates either mode. Each
 * report counts itself, so the overhead a tab shows is every byte of its feed up to that moment.
 */
export function handleMeterFeed(
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  ledger: WireLedger,
  streams: EventStreams,
  source: MeterSource = ledger,
): void {
  if (req.method !== 'GET') {
    sendMethodNotAllowed(res, req.method, 'GET');
    return;
  }
  const query = parseQuery(params, meterQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return;
  }
  const { tab } = query.value;
  const endBooking = ledger.openStream(req.socket, tab, 'overhead');
  // The head goes first, so it is in the totals of the first report.
  const sendEvent = streams.open(res);
  const framing = WireSockets.writeOverhead(req.socket);
  const send = () => sendEvent(selfCountingEvent(source.report(tab), framing));
  send();
  const timer = setInterval(send, METER_REPORT_INTERVAL_MS);
  res.on('close', () => {
    clearInterval(timer);
    endBooking();
    source.forget?.(tab);
  });
}
