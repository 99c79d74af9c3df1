import type { IncomingMessage, ServerResponse } from 'node:http';
import { CANONICAL_POLL_QUERY, pollQuerySchema, type PollQuery } from '../../../lib/protocol/poll-api';
import { tabIdSchema, type TabId } from '../../../lib/protocol/tab-id';
import { sendError, sendJson, sendMethodNotAllowed } from '../../http/response';
import { parseQuery } from '../../http/query-params';
import type { Refusal } from '../../guard/request-guard';
import type { TickFeed } from '../tick-feed';
import type { Booking } from '../../metering/wire-ledger';

/**
 * GET /api/ticks?since=<seq>&epoch=<epoch>&tab=<id>: the ticks after `since`, or the snapshot without it.
 * Served by the custom server itself, before Next, so that polling is judged on its own cost. Returns
 * the booking for the request's bytes: a poll refused for another parameter, or by `admit` (the rate
 * limit, say), still crossed the wire for the tab it names, so it is booked too; one with no valid tab is not.
 */
export function handlePoll(
  req: IncomingMessage,
  res: ServerResponse,
  rawQuery: string,
  feed: TickFeed,
  admit: (tab: TabId | undefined) => Refusal | undefined = () => undefined,
): Booking | undefined {
  // A HEAD answer has the headers of a GET and no body on the wire.
  const sent = (length: number) => (req.method === 'HEAD' ? 0 : length);
  const [, since, epoch, tab] = CANONICAL_POLL_QUERY.exec(rawQuery) ?? [];
  const bookTo = (bookedTab: TabId | undefined, content: string | Buffer, tickBytes = 0): Booking | undefined =>
    bookedTab === undefined
      ? undefined
      : { tab: bookedTab, ledger: 'polling', body: { bytes: sent(Buffer.byteLength(content)), tickBytes: sent(tickBytes), content } };
  const refuse = (refusal: Refusal, refusedTab: TabId | undefined) =>
    bookTo(refusedTab, sendError(res, refusal.status, refusal.message, refusal.headers));
  if (since && epoch && tab && (req.method === 'GET' || req.method === 'HEAD')) {
    const refusal = admit(tab);
    if (refusal) return refuse(refusal, tab);
    // The page's own polls, already validated by the pattern: skip the general parser on the hot path.
    const body = feed.pollBody({ since: Number(since), epoch: Number(epoch) });
    sendJson(res, 200, body.bytes);
    return {
      tab,
      ledger: 'polling',
      body: { bytes: sent(body.bytes.length), tickBytes: sent(body.tickBytes), content: body.bytes },
    };
  }

  const params = new URLSearchParams(rawQuery);
  const namedTab = tabIdSchema.safeParse(params.get('tab'));
  const booked = (content: string | Buffer, tickBytes = 0) => bookTo(namedTab.data, content, tickBytes);
  const refusal = admit(namedTab.data);
  if (refusal) return refuse(refusal, namedTab.data);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return booked(sendMethodNotAllowed(res, req.method, 'GET, HEAD'));
  }
  const query = parseQuery<PollQuery>(params, pollQuerySchema);
  if (!query.ok) return booked(sendError(res, 400, query.message));
  const body = feed.pollBody(query.value);
  sendJson(res, 200, body.bytes);
  return booked(body.bytes, body.tickBytes);
}
