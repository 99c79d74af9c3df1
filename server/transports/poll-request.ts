import type { IncomingMessage, ServerResponse } from 'node:http';
import { CANONICAL_POLL_QUERY, pollQuerySchema, type PollQuery } from '../../lib/protocol/poll-api';
import { tabIdSchema, type TabId } from '../../lib/protocol/tab-id';
import type { Refusal } from '../guard/request-guard';
import { CanonicalIds } from '../http/canonical-ids';
import { parseQuery } from '../http/query-params';
import { sendError, sendJson, sendMethodNotAllowed } from '../http/response';
import type { BookedBody, Booking } from '../metering/wire-ledger';
import type { PollBody, ResumePoint } from './tick-feed';

/** Twice the tabs the wire ledger keeps: every tab that polls lately has its one copy. */
const TAB_IDS = new CanonicalIds(20_000);

/** The ledgers of the modes that ask with a poll (GET /api/ticks, GET /api/long-poll). */
export type PollLedger = 'polling' | 'longpolling';

/** Decides whether a poll is answered at all, once its tab is known: the rate limit, say. */
export type PollAdmission = (tab: TabId | undefined) => Refusal | undefined;

/** A poll read: admitted, with where it resumes from, or already answered with a refusal and booked. */
export type PollRead =
  | { readonly admitted: true; readonly point: ResumePoint; readonly tab: TabId | undefined }
  | { readonly admitted: false; readonly booking: Booking | undefined };

/**
 * Reads a poll's method and query (the same for polling and long polling) and asks `admit` whether to
 * answer it. Anything refused is answered here with a JSON error. A refused poll still crossed the wire
 * for the tab it names, so it is booked to `ledger` too; one with no valid tab is not.
 */
export function readPoll(req: IncomingMessage, res: ServerResponse, rawQuery: string, ledger: PollLedger, admit: PollAdmission): PollRead {
  const [, since, epoch, rawTab] = CANONICAL_POLL_QUERY.exec(rawQuery) ?? [];
  if (since && epoch && rawTab && (req.method === 'GET' || req.method === 'HEAD')) {
    // The rate limiter, the ledger and the server panel each look the tab up: in one string, by identity.
    const tab = TAB_IDS.of(rawTab);
    const refusal = admit(tab);
    if (refusal) return refused(tab, ledger, sendPollRefusal(req, res, refusal));
    // The page's own polls, already validated by the pattern: skip the general parser on the hot path.
    return { admitted: true, point: { since: Number(since), epoch: Number(epoch) }, tab };
  }

  const params = new URLSearchParams(rawQuery);
  const namedTab = tabIdSchema.safeParse(params.get('tab')).data;
  const refusal = admit(namedTab);
  if (refusal) return refused(namedTab, ledger, sendPollRefusal(req, res, refusal));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return refused(namedTab, ledger, bookedBody(req, sendMethodNotAllowed(res, req.method, 'GET, HEAD')));
  }
  const query = parseQuery<PollQuery>(params, pollQuerySchema);
  if (!query.ok) return refused(namedTab, ledger, bookedBody(req, sendError(res, 400, query.message)));
  return { admitted: true, point: query.value, tab: namedTab };
}

/**
 * A poll answered with a refusal, booked to the tab it names. A module function rather than a closure in
 * readPoll: tsx names every closure as it is made, which on the hot path costs more than the poll's own work.
 */
function refused(tab: TabId | undefined, ledger: PollLedger, body: BookedBody): PollRead {
  return { admitted: false, booking: tab === undefined ? undefined : { tab, ledger, body } };
}

/** Answers a poll with a body from the feed (see TickFeed.pollBody), and returns it as the ledger books it. */
export function sendPollBody(req: IncomingMessage, res: ServerResponse, body: PollBody): BookedBody {
  sendJson(res, 200, body.bytes);
  return bookedBody(req, body.bytes, body.tickBytes);
}

/** Answers a poll with a refusal in place of its ticks, and returns the body as the ledger books it. */
export function sendPollRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal): BookedBody {
  return bookedBody(req, sendError(res, refusal.status, refusal.message, refusal.headers));
}

/** A body as booked: a HEAD answer has the headers of a GET and no body on the wire. */
function bookedBody(req: IncomingMessage, content: string | Buffer, tickBytes = 0): BookedBody {
  const head = req.method === 'HEAD';
  return { bytes: head ? 0 : Buffer.byteLength(content), tickBytes: head ? 0 : tickBytes, content };
}
