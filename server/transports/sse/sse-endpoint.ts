import type { IncomingMessage, ServerResponse } from 'node:http';
import { pollQuerySchema, type PollQuery } from '../../../lib/protocol/poll-api';
import { lastEventIdSchema } from '../../../lib/protocol/sse-api';
import { tabIdSchema, type TabId } from '../../../lib/protocol/tab-id';
import type { Refusal } from '../../guard/request-guard';
import { parseQuery } from '../../http/query-params';
import { sendError, sendMethodNotAllowed } from '../../http/response';
import type { WireLedger } from '../../metering/wire-ledger';
import type { ResumePoint } from '../tick-feed';
import type { SseHub } from './sse-hub';
import { SseStreamMeter } from './sse-stream-meter';

/**
 * GET /api/sse?since=<seq>&epoch=<epoch>&tab=<id>: a Server-Sent Events stream (see sse-api.ts), served
 * by the custom server before Next. It resumes from the Last-Event-ID header when there is one: that is
 * the browser reconnecting by itself, to the URL it first opened, whose query is as old as the stream.
 * Without it, from the query; without a `since`, from a snapshot.
 *
 * `admit` judges the stream first (the origin check, the connection cap, the rate limits, shutdown).
 * Opening a stream counts as a poll against the rate limits: each one costs a catch-up of up to the whole
 * history, and a client reopening streams in a loop would otherwise be limited by nothing.
 *
 * Every answer to a request naming a valid tab is booked to the tab's SSE ledger, a refusal included (its
 * JSON answer has no events: it counts whole as response headers); one without is served, not booked.
 */
export function handleSse(
  req: IncomingMessage,
  res: ServerResponse,
  rawQuery: string,
  hub: SseHub,
  ledger: WireLedger,
  admit: (tab: TabId | undefined) => Refusal | undefined,
): void {
  const params = new URLSearchParams(rawQuery);
  const tab = tabIdSchema.safeParse(params.get('tab')).data;
  const tally = new SseStreamMeter(res, req.socket.bytesRead - ledger.requestStart(req.socket).read);
  if (tab !== undefined) res.once('close', ledger.openStream(req.socket, tab, 'sse', tally));
  const measured = (send: () => void) => {
    const before = req.socket.bytesWritten;
    send();
    tally.responseHeadBytes += req.socket.bytesWritten - before;
  };
  const refuse = (status: number, message: string, headers: Readonly<Record<string, string>> = {}) =>
    measured(() => sendError(res, status, message, headers));

  const refusal = admit(tab);
  if (refusal) return refuse(refusal.status, refusal.message, refusal.headers);
  if (req.method !== 'GET') return measured(() => sendMethodNotAllowed(res, req.method, 'GET'));
  const query = parseQuery<PollQuery>(params, pollQuerySchema);
  if (!query.ok) return refuse(400, query.message);
  let point: ResumePoint = query.value;
  // Refused rather than ignored when malformed: this server only ever sends ids it can read back, so a bad
  // one is a client asking something else than it thinks, and the query would answer a question it did
  // not mean to ask. Empty is absent: an `id:` with no value is how SSE says "no id".
  const lastEventId = req.headers['last-event-id'];
  if (lastEventId !== undefined && lastEventId !== '') {
    const id = lastEventIdSchema.safeParse(lastEventId);
    if (!id.success) return refuse(400, `the Last-Event-ID header ${id.error.issues[0]?.message ?? 'is malformed'}`);
    point = id.data;
  }
  hub.open(res, point, tally);
}
