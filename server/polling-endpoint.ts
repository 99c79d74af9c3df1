import type { IncomingMessage, ServerResponse } from 'node:http';
import { pollQuerySchema } from '../lib/protocol/poll-api';
import { sendError, sendJson } from './http-response';
import { parseQuery } from './query-params';
import type { TickFeed } from './tick-feed';

/**
 * GET /api/ticks?since=<seq>&epoch=<epoch>&tab=<id>: the ticks after `since`, or the snapshot without it.
 * Served by the custom server itself, before Next, so that polling is judged on its own cost.
 */
export function handlePoll(req: IncomingMessage, res: ServerResponse, url: URL, feed: TickFeed): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `method ${req.method ?? ''} is not allowed; use GET`, { allow: 'GET, HEAD' });
    return;
  }
  const query = parseQuery(url.searchParams, pollQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return;
  }
  sendJson(res, 200, feed.resumeBody(query.value));
}
