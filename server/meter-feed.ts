import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { tabIdSchema } from '../lib/protocol/tab-id';
import { sendError } from './http-response';
import { parseQuery } from './query-params';
import type { WireLedger } from './wire-ledger';

export const METER_REPORT_INTERVAL_MS = 1000;

const meterQuerySchema = z.strictObject({ tab: tabIdSchema });

/**
 * GET /api/meter?tab=<id>: an event stream with the tab's wire totals about once a second. It rides its
 * own connection and is booked to the tab's "overhead" ledger, so it never inflates either mode.
 */
export function handleMeterFeed(
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  ledger: WireLedger,
): void {
  if (req.method !== 'GET') {
    sendError(res, 405, `method ${req.method ?? ''} is not allowed; use GET`, { allow: 'GET' });
    return;
  }
  const query = parseQuery(params, meterQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return;
  }
  const { tab } = query.value;
  const endBooking = ledger.openStream(req.socket, tab, 'overhead');
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
  });
  const send = () => res.write(`data: ${JSON.stringify(ledger.report(tab))}\n\n`);
  send();
  const timer = setInterval(send, METER_REPORT_INTERVAL_MS);
  res.on('close', () => {
    clearInterval(timer);
    endBooking();
  });
}
