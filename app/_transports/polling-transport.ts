import { formatInterval } from '@/lib/format/format-interval';
import { backoffDelay } from '@/lib/net/backoff';
import { decodeFeedMessage } from '@/lib/protocol/feed-message';
import { POLL_PATH } from '@/lib/protocol/poll-api';
import type { Transport, TransportSink } from './transport';

/**
 * How long a poll may take before it counts as failed. A connection that went quiet without closing
 * (a pulled cable) would otherwise hold the poll, and every later one, for as long as the browser waits.
 */
const POLL_TIMEOUT_MS = 5000;

/**
 * Ticks by asking GET /api/ticks every interval, each poll carrying the tab's position so nothing is
 * missed or repeated. A poll is never sent while the previous one is still out: a slow answer delays
 * the next poll rather than stacking requests.
 */
export class PollingTransport implements Transport {
  readonly mode = 'polling' as const;
  #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | null = null;
  #running = false;
  #failures = 0;
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
      const body: unknown = await response.json();
      if (!response.ok) {
        const message = typeof body === 'object' && body && 'error' in body ? String(body.error) : response.statusText;
        throw new Error(`HTTP ${response.status}: ${message}`);
      }
      const message = decodeFeedMessage(body);
      if (!this.#running) return;
      this.#failures = 0;
      sink.status({ state: 'connected', transport: this.label });
      sink.deliver(message);
      delay = message.kind === 'ticks' && message.more ? 0 : this.#intervalMs - (performance.now() - startedAt);
    } catch (error) {
      if (!this.#running || (controller.signal.aborted && !timedOut)) return;
      this.#failures += 1;
      sink.status({
        state: 'reconnecting',
        transport: this.label,
        detail: timedOut ? `no answer within ${POLL_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error),
      });
      delay = backoffDelay(this.#failures);
    } finally {
      clearTimeout(timeout);
      if (this.#inFlight === controller) this.#inFlight = null;
    }
    if (this.#running) this.#timer = setTimeout(() => void this.#poll(), Math.max(0, delay));
  }
}
