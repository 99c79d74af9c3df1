import { formatDuration } from '@/lib/format/format-duration';
import { backoffDelay } from '@/lib/net/backoff';
import { pollUrl, requestPoll, type PollOutcome } from './poll-request';
import type { TransportSink } from './transport';

export interface PollLoopOptions {
  /** The endpoint, e.g. /api/ticks; absolute when the server is not the page's own (a test's, say). */
  readonly url: string;
  /** The tab every poll names, so the server books its bytes to this view. */
  readonly tab: string;
  /** How long a poll may go unanswered before it counts as failed, ms. */
  readonly timeoutMs: number;
  /** What the status calls the transport, read at each status. */
  readonly label: () => string;
}

/**
 * The loop of the modes that ask: poll, act on what came of it, poll again. Each poll carries the tab's
 * position, so nothing is missed or repeated, and one is never sent while the previous one is still out:
 * a slow answer delays the next poll rather than stacking requests. The next poll goes `intervalMs`
 * after the start of the last one (at once when the server says there is more, or the interval is 0).
 * A poll refused as too many (429) waits as long as its Retry-After says, and the status says so. One
 * answered with SHUTTING_DOWN_STATUS shows "Server restarting" until a poll is answered again; other
 * failures show "reconnecting", with the reason, and back off.
 */
export class PollLoop {
  readonly #options: PollLoopOptions;
  #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | null = null;
  #running = false;
  #failures = 0;
  /** Set when the server answers that it is shutting down: until a poll is answered, the outage is a restart. */
  #restarting = false;
  #sink: TransportSink | null = null;

  constructor(options: PollLoopOptions, intervalMs: number) {
    this.#options = options;
    this.#intervalMs = intervalMs;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  start(sink: TransportSink): void {
    if (this.#running) return;
    this.#running = true;
    this.#restarting = false;
    this.#sink = sink;
    sink.status({ state: 'connecting', transport: this.#options.label() });
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
    const controller = new AbortController();
    this.#inFlight = controller;
    const { url, tab, timeoutMs } = this.#options;
    const outcome = await requestPoll(pollUrl(url, tab, sink.position()), controller.signal, timeoutMs);
    if (this.#inFlight === controller) this.#inFlight = null;
    if (!this.#running || outcome.kind === 'cancelled') return;
    const delay = this.#follow(outcome, sink, performance.now() - startedAt);
    this.#timer = setTimeout(() => void this.#poll(), Math.max(0, delay));
  }

  /** Reports what a poll came to, and returns how long to wait before the next one. */
  #follow(outcome: Exclude<PollOutcome, { kind: 'cancelled' }>, sink: TransportSink, tookMs: number): number {
    const label = this.#options.label();
    const untilInterval = this.#intervalMs - tookMs;
    switch (outcome.kind) {
      case 'answered': {
        this.#failures = 0;
        this.#restarting = false;
        sink.status({ state: 'connected', transport: label });
        sink.deliver(outcome.message);
        return outcome.message.kind === 'ticks' && outcome.message.more ? 0 : untilInterval;
      }
      case 'limited': {
        this.#failures = 0;
        const delay = Math.max(outcome.waitMs, untilInterval);
        sink.status({
          state: 'limited',
          transport: `${label} · next poll in ${formatDuration(delay)}`,
          detail: `The server refused a poll as one too many (429)${outcome.reason ? `: ${outcome.reason}` : ''}`,
        });
        return delay;
      }
      case 'shutting-down': {
        this.#failures += 1;
        this.#restarting = true;
        sink.status({ state: 'restarting', transport: label, detail: outcome.reason });
        return Math.max(outcome.waitMs, backoffDelay(this.#failures));
      }
      case 'failed': {
        this.#failures += 1;
        sink.status({ state: this.#restarting ? 'restarting' : 'reconnecting', transport: label, detail: outcome.reason });
        return backoffDelay(this.#failures);
      }
    }
  }
}
