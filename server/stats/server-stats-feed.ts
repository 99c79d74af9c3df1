import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ServerSample, ServerStatsMessage } from '../../lib/protocol/server-stats';
import type { EventStreams } from '../http/event-streams';
import { sendError, sendMethodNotAllowed } from '../http/response';
import { parseQuery } from '../http/query-params';
import type { ServerStats } from './server-stats';

/** It takes no parameters: any is a mistake worth saying so, not one to ignore. */
const serverStatsQuerySchema = z.strictObject({});

/**
 * GET /api/server: an event stream of what this server process is doing, a sample a second, the first
 * event with the last minute's samples. It is about the server, not a tab, so it names no tab and is
 * booked to none: it is in neither mode's figures and does not change any tab's meter. Its bytes are in
 * the server's own totals, among what neither mode has.
 */
export function handleServerStatsFeed(
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  stats: ServerStats,
  streams: EventStreams,
): void {
  if (req.method !== 'GET') {
    sendMethodNotAllowed(res, req.method, 'GET');
    return;
  }
  const query = parseQuery(params, serverStatsQuerySchema);
  if (!query.ok) {
    sendError(res, 400, query.message);
    return;
  }
  const sendEvent = streams.open(res);
  const send = (samples: ServerSample[]) => {
    const message: ServerStatsMessage = { process: stats.process, samples };
    sendEvent(`data: ${JSON.stringify(message)}\n\n`);
  };
  send(stats.recent());
  const stop = stats.onSample((sample) => send([sample]));
  res.on('close', stop);
}
