/**
 * GET /api/long-poll?since=<seq>&epoch=<epoch>&tab=<id>: the query of a poll (see pollQuerySchema and
 * CANONICAL_POLL_QUERY) and the same answers (a PollResponse). A poll with nothing new to answer is held
 * until the next tick, or answered with no ticks after LONG_POLL_HOLD_MS.
 */
export const LONG_POLL_PATH = '/api/long-poll';

/**
 * How long the server holds a long poll with nothing to say: under the 30 s after which some proxies and
 * load balancers (Heroku's router, for one) drop a request that has had no answer.
 */
export const LONG_POLL_HOLD_MS = 25_000;
