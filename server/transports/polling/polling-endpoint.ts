import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Booking } from '../../metering/wire-ledger';
import { readPoll, sendPollBody, type PollAdmission } from '../poll-request';
import type { TickFeed } from '../tick-feed';

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
  admit: PollAdmission = () => undefined,
): Booking | undefined {
  const poll = readPoll(req, res, rawQuery, 'polling', admit);
  if (!poll.admitted) return poll.booking;
  const body = sendPollBody(req, res, feed.pollBody(poll.point));
  return poll.tab === undefined ? undefined : { tab: poll.tab, ledger: 'polling', body };
}
