import { formatDuration } from '@/lib/format/format-duration';
import { formatInterval } from '@/lib/format/format-interval';
import { backoffDelay } from '@/lib/net/backoff';
import { retryAfterMs } from '@/lib/net/retry-after';
import { decodeFeedMessage } from '@/lib/protocol/feed-message';
import { POLL_PATH, SHUTTING_DOWN_STATUS } from '@/lib/protocol/poll-api';
import type { Transport, TransportSink } from './transport';
import { errorMessage } from '@/lib/format/error-message';

/**
 * How long a poll may take before it counts as failed. A connection that went quiet without closing
 * (a pulled cable) would otherwise hold the poll, and every later one, for as long as the browser waits.
 */
const POLL_TIMEOUT_MS = 5000;

/** The wait after a 429 without a usable Retry-After: the shortest one a Retry-After can ask for. */
const NO_RETRY_AFTER_WAIT_MS = 1000;

/**
 * Ticks by asking GET /api/ticks every interval, each poll carrying the tab's position so nothing is
 * missed or repeated. A poll is never sent while the previous one is still out: a slow answer delays
 * the next poll rather than stacking requests. A poll the server refuses as too many (429) waits as long
 * as its Retry-After says, and the status says so, instead of asking again at once. A poll answered
 * with SHUTTING_DOWN_STATUS shows "Server restarting" until a poll is answered again.
 */
export class PollingTransport implements Transport {
  readonly mode = 'polling' as const;
  #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | null = null;
  #running = false;
  #failures = 0;
  /** Set when the server answers that it is shutting down: until a poll is answered, the outage is a restart. */
  #restarting = false;
  #sink: TransportSink | null = null;

  constructor(
    private readonly tab: string,
    intervalMs: number,
  ) {
    this.#intervalMs = intervalMs;
  }

  get label(): string {
    return `HTTP polling every ${formatInterval(this.#intervalMs)}`;
  }

  start(sink: TransportSink): void {
    if (this.#running) return;
    this.#running = true;
    this.#restarting = false;
    this.#sink = sink;
    sink.status({ state: 'connecting', transport: this.label });
    void this.#poll();
  }

  /** Takes effect from the next poll: the one in flight is not cut short. */
  setInterval(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    if (this.#running && this.#timer !== undefined && !this.#inFlight) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#poll(), Math.min(intervalMs, 250));
    }
  }

  stop(): void {
    this.#running = false;
    this.#sink = null;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = null;
  }

  async #poll(): Promise<void> {
    const sink = this.#sink;
    if (!this.#running || !sink) return;
    const startedAt = performance.now();
    const params = new URLSearchParams();
    const position = sink.position();
    if (position) {
      params.set('since', String(position.since));
      params.set('epoch', String(position.epoch));
    }
    params.set('tab', this.tab);
    const controller = new AbortController();
    this.#inFlight = controller;
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, POLL_TIMEOUT_MS);
    let delay: number;
    try {
      const response = await fetch(`${POLL_PATH}?${params.toString()}`, { signal: controller.signal });
      if (response.status === 429) {
        // A proxy's refusal may not be JSON: the wait is in the header either way.
        const reason = errorOf(await response.json().catch(() => null));
        if (!this.#running) return;
        this.#failures = 0;
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? NO_RETRY_AFTER_WAIT_MS;
        delay = Math.max(wait, this.#intervalMs - (performance.now() - startedAt));
        sink.status({
          state: 'limited',
          transport: `${this.label} · next poll in ${formatDuration(delay)}`,
          detail: `The server refused a poll as one too many (429)${reason ? `: ${reason}` : ''}`,
        });
      } else if (response.status === SHUTTING_DOWN_STATUS) {
        const reason = errorOf(await response.json().catch(() => null)) ?? 'the server is shutting down';
        if (!this.#running) return;
        this.#failures += 1;
        this.#restarting = true;
        delay = Math.max(retryAfterMs(response.headers.get('retry-after')) ?? 0, backoffDelay(this.#failures));
        sink.status({ state: 'restarting', transport: this.label, detail: reason });
      } else {
        const body: unknown = await response.json();
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${errorOf(body) ?? response.statusText}`);
        const message = decodeFeedMessage(body);
        if (!this.#running) return;
        this.#failures = 0;
        this.#restarting = false;
        sink.status({ state: 'connected', transport: this.label });
        sink.deliver(message);
        delay = message.kind === 'ticks' && message.more ? 0 : this.#intervalMs - (performance.now() - startedAt);
      }
    } catch (error) {
      if (!this.#running || (controller.signal.aborted && !timedOut)) return;
      this.#failures += 1;
      const detail = timedOut ? `no answer within ${POLL_TIMEOUT_MS / 1000} s` : errorMessage(error);
      sink.status({ state: this.#restarting ? 'restarting' : 'reconnecting', transport: this.label, detail });
      delay = backoffDelay(this.#failures);
    } finally {
      clearTimeout(timeout);
      if (this.#inFlight === controller) this.#inFlight = null;
    }
    if (this.#running) this.#timer = setTimeout(() => void this.#poll(), Math.max(0, delay));
  }
}

/** The `error` of a JSON error body (see server/http/response.ts), if that is what it is. */
function errorOf(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
}
