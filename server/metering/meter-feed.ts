import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MAX_FEED_OTHERS, type MeterReport } from '../../lib/protocol/meter-report';
import { tabIdSchema, type TabId } from '../../lib/protocol/tab-id';
import type { EventStreams } from '../http/event-streams';
import { sendError, sendMethodNotAllowed } from '../http/response';
import { parseQuery } from '../http/query-params';
import type { WireLedger } from './wire-ledger';
import { WireSockets } from './wire-sockets';

export const METER_REPORT_INTERVAL_MS = 1000;

const meterQuerySchema = z
  .strictObject({
    tab: tabIdSchema,
    others: z
      .string()
      .transform((list) => list.split(','))
      .pipe(z.array(tabIdSchema).min(1).max(MAX_FEED_OTHERS, `at most ${MAX_FEED_OTHERS} other tabs`))
      .optional(),
  })
  .refine(({ tab, others = [] }) => new Set([tab, ...others]).size === others.length + 1, 'each tab may be named once');

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
function selfCountingEvent(report: MeterReport, others: Readonly<Record<TabId, MeterReport>> | undefined, framing: number): string {
  let own = 0;
  for (;;) {
    const overhead = { ...report.overhead, bytesDown: report.overhead.bytesDown + own };
    const event = `data: ${JSON.stringify({ ...report, overhead, others })}\n\n`;
    const size = Buffer.byteLength(event) + framing;
    if (size === own) return event;
    own = size;
  }
}

/**
 * GET /api/meter?tab=<id>: an event stream with the tab's wire totals about once a second. It rides its
 * own connection and is booked to the tab's "overhead" ledger, so it never inflates any mode. Each
 * report counts itself, so the overhead a tab shows is every byte of its feed up to that moment. With
 * `others=<id>,<id>`, each event also carries those tabs' reports (a page's other views), still booked to
 * `tab`'s overhead alone.
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
  const { tab, others = [] } = query.value;
  const endBooking = ledger.openStream(req.socket, tab, 'overhead');
  // The head goes first, so it is in the totals of the first report.
  const sendEvent = streams.open(res);
  const framing = WireSockets.writeOverhead(req.socket);
  const othersReports = () => (others.length === 0 ? undefined : Object.fromEntries(others.map((other) => [other, source.report(other)])));
  const send = () => sendEvent(selfCountingEvent(source.report(tab), othersReports(), framing));
  send();
  const timer = setInterval(send, METER_REPORT_INTERVAL_MS);
  res.on('close', () => {
    clearInterval(timer);
    endBooking();
    for (const forgotten of [tab, ...others]) source.forget?.(forgotten);
  });
}
