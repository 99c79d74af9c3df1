import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { tabIdSchema } from '../../lib/protocol/tab-id';
import { sendError, sendJson, sendMethodNotAllowed } from '../http/response';
import { parseQuery } from '../http/query-params';
import type { Booking, WireLedger } from './wire-ledger';

const inspectQuerySchema = z.strictObject({ tab: tabIdSchema });

/**
 * GET /api/inspect?tab=<id>: the bytes of the tab's last poll and of its latest WebSocket, as the server
 * saw them (see WireInspection). Like the meter feed it serves the lesson, not either mode, so its own
 * bytes are booked to the tab's overhead; a request refused for another reason still names its tab, and
 * is booked there too. One without a valid tab is not booked.
 */
export function handleInspect(req: IncomingMessage, res: ServerResponse, params: URLSearchParams, ledger: WireLedger): Booking | undefined {
  const namedTab = tabIdSchema.safeParse(params.get('tab'));
  const booking: Booking | undefined = namedTab.success ? { tab: namedTab.data, ledger: 'overhead' } : undefined;
  if (req.method !== 'GET') {
    sendMethodNotAllowed(res, req.method, 'GET');
    return booking;
  }
  const query = parseQuery(params, inspectQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return booking;
  }
  sendJson(res, 200, JSON.stringify(ledger.inspect(query.value.tab)));
  return booking;
}
