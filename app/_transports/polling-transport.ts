import { formatInterval } from '@/lib/format/format-interval';
import { POLL_PATH } from '@/lib/protocol/poll-api';
import { PollLoop } from './poll-loop';
import type { Transport, TransportSink } from './transport';

/**
 * How long a poll may take before it counts as failed. A connection that went quiet without closing
 * (a pulled cable) would otherwise hold the poll, and every later one, for as long as the browser waits.
 */
const POLL_TIMEOUT_MS = 5000;

/**
 * Ticks by asking GET /api/ticks every interval, each poll carrying the tab's position so nothing is
 * missed or repeated (see PollLoop for how it waits, backs off and reports).
 */
export class PollingTransport implements Transport {
  readonly mode = 'polling' as const;
  readonly #loop: PollLoop;

  /** `origin` is the page's own unless given (a test's server, say). */
  constructor(tab: string, intervalMs: number, origin = '') {
    this.#loop = new PollLoop({ url: `${origin}${POLL_PATH}`, tab, timeoutMs: POLL_TIMEOUT_MS, label: () => this.label }, intervalMs);
  }

  get label(): string {
    return `HTTP polling every ${formatInterval(this.#loop.intervalMs)}`;
  }

  start(sink: TransportSink): void {
    this.#loop.start(sink);
  }

  /** Takes effect from the next poll: the one in flight is not cut short. */
  setInterval(intervalMs: number): void {
    this.#loop.setInterval(intervalMs);
  }

  stop(): void {
    this.#loop.stop();
  }
}
