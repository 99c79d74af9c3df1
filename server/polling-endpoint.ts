import type { IncomingMessage, ServerResponse } from 'node:http';
import { CANONICAL_POLL_QUERY, pollQuerySchema, type PollQuery } from '../lib/protocol/poll-api';
import { tabIdSchema } from '../lib/protocol/tab-id';
import { sendError, sendJson } from './http-response';
import { parseQuery } from './query-params';
import type { TickFeed } from './tick-feed';
import type { Booking } from './wire-ledger';

/**
 * GET /api/ticks?since=<seq>&epoch=<epoch>&tab=<id>: the ticks after `since`, or the snapshot without it.
 * Served by the custom server itself, before Next, so that polling is judged on its own cost. Returns
 * the booking for the request's bytes: a poll refused for another parameter still crossed the wire for
 * the tab it names, so it is booked too; one with no valid tab is not.
 */
export function handlePoll(
  req: IncomingMessage,
  res: ServerResponse,
  rawQuery: string,
  feed: TickFeed,
): Booking | undefined {
  const [, since, epoch, tab] = CANONICAL_POLL_QUERY.exec(rawQuery) ?? [];
  if (since && epoch && tab && (req.method === 'GET' || req.method === 'HEAD')) {
    // The page's own polls, already validated by the pattern: skip the general parser on the hot path.
    sendJson(res, 200, feed.pollBody({ since: Number(since), epoch: Number(epoch) }));
    return { tab, ledger: 'polling' };
  }

  const params = new URLSearchParams(rawQuery);
  const namedTab = tabIdSchema.safeParse(params.get('tab'));
  const booking: Booking | undefined = namedTab.success ? { tab: namedTab.data, ledger: 'polling' } : undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `method ${req.method ?? ''} is not allowed; use GET`, { allow: 'GET, HEAD' });
    return booking;
  }
  const query = parseQuery<PollQuery>(params, pollQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return booking;
  }
  sendJson(res, 200, feed.pollBody(query.value));
  return booking;
}
