import { formatDuration } from '@/lib/format/format-duration';
import { LONG_POLL_HOLD_MS, LONG_POLL_PATH } from '@/lib/protocol/long-poll-api';
import { PollLoop } from './poll-loop';
import type { Transport, TransportSink } from './transport';

/**
 * How long a long poll may go unanswered before it counts as failed: the server's hold and a margin for
 * the answer to arrive. Past it, the connection has gone quiet without closing (a pulled cable), and
 * waiting on would leave the tab without ticks for as long as the browser waits.
 */
const LONG_POLL_TIMEOUT_MS = LONG_POLL_HOLD_MS + 10_000;

/**
 * Ticks by asking GET /api/long-poll, and again as soon as each answer is in: the server holds a poll
 * that has nothing new until the next tick, so each tick arrives about as soon as it is made, one
 * request per tick. Each poll carries the tab's position, so nothing is missed or repeated (see PollLoop
 * for how it backs off and reports).
 */
export class LongPollingTransport implements Transport {
  readonly mode = 'longpolling' as const;
  readonly label = `HTTP long polling (held up to ${formatDuration(LONG_POLL_HOLD_MS)})`;
  readonly #loop: PollLoop;

  /** `origin` is the page's own unless given (a test's server, say). */
  constructor(tab: string, origin = '') {
    this.#loop = new PollLoop({ url: `${origin}${LONG_POLL_PATH}`, tab, timeoutMs: LONG_POLL_TIMEOUT_MS, label: () => this.label }, 0);
  }

  start(sink: TransportSink): void {
    this.#loop.start(sink);
  }

  stop(): void {
    this.#loop.stop();
  }
}
