import { formatInterval } from '@/lib/format/format-milliseconds';
import { backoffDelay } from '@/lib/net/backoff';
import { decodeFeedMessage } from '@/lib/protocol/feed-message';
import { POLL_PATH } from '@/lib/protocol/poll-api';
import type { Transport, TransportSink } from './transport';

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
      if (!this.#running || controller.signal.aborted) return;
      this.#failures += 1;
      sink.status({
        state: 'reconnecting',
        transport: this.label,
        detail: error instanceof Error ? error.message : String(error),
      });
      delay = backoffDelay(this.#failures);
    } finally {
      if (this.#inFlight === controller) this.#inFlight = null;
    }
    if (this.#running) this.#timer = setTimeout(() => void this.#poll(), Math.max(0, delay));
  }
}
