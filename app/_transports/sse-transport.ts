import { errorMessage } from '@/lib/format/error-message';
import { backoffDelay } from '@/lib/net/backoff';
import { SilenceWatchdog } from '@/lib/net/silence-watchdog';
import { decodeFeedMessage, type FeedMessage } from '@/lib/protocol/feed-message';
import { SSE_HEARTBEAT_EVENT, SSE_PATH, SSE_RESUME_EVENT, SSE_SHUTDOWN_EVENT, SSE_SILENCE_LIMIT_MS } from '@/lib/protocol/sse-api';
import { decodeTick } from '@/lib/protocol/tick-codec';
import type { Transport, TransportSink } from './transport';

const LABEL = 'Server-Sent Events (one stream)';
const SHUTDOWN_NOTE = 'the server said it was shutting down';

/**
 * Ticks over one Server-Sent Events stream (GET /api/sse), opened from the tab's position: a catch-up in
 * pages (`resume` events), then one plain message per tick. When the stream drops, the browser reconnects
 * by itself and sends the last event's id, which the server resumes from; when the browser gives up (the
 * server answered other than with a stream: a 503 while it restarts, a 429), this opens a new stream
 * from the tab's position, with backoff. A stream that goes quiet without closing (a pulled cable) is
 * closed and opened again: the server sends a heartbeat on a stream with nothing else to say.
 */
export class SseTransport implements Transport {
  readonly mode = 'sse' as const;
  #sink: TransportSink | null = null;
  #source: EventSource | null = null;
  #watchdog: SilenceWatchdog | null = null;
  #reopenTimer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  /** Set when the server says it is going away: until a stream opens again, the outage is a restart. */
  #restarting = false;

  /** `origin` is the page's own unless given (a test's server, say). */
  constructor(
    private readonly tab: string,
    private readonly origin = '',
  ) {}

  start(sink: TransportSink): void {
    if (this.#sink) return;
    this.#sink = sink;
    this.#restarting = false;
    this.#watchdog = new SilenceWatchdog({
      limitMs: SSE_SILENCE_LIMIT_MS,
      onSilence: (silentMs) => this.#drop(`nothing from the server for ${Math.round(silentMs / 1000)} s`),
    });
    sink.status({ state: 'connecting', transport: LABEL });
    this.#open();
  }

  stop(): void {
    this.#sink = null;
    clearTimeout(this.#reopenTimer);
    this.#close();
    this.#watchdog = null;
  }

  #open(): void {
    const sink = this.#sink;
    if (!sink) return;
    const params = new URLSearchParams();
    const position = sink.position();
    if (position) {
      params.set('since', String(position.since));
      params.set('epoch', String(position.epoch));
    }
    params.set('tab', this.tab);
    const source = new EventSource(`${this.origin}${SSE_PATH}?${params.toString()}`);
    this.#source = source;
    // Counting from now: a stream that never opens is as dead as one that went quiet.
    this.#watchdog?.start();
    // Events already on their way from a stream this has closed are not this stream's.
    const current = () => this.#source === source;
    const deliver = (read: () => FeedMessage) => {
      this.#watchdog?.heard();
      let message: FeedMessage;
      try {
        message = read();
      } catch (error) {
        // As the other transports do: a message that does not decode is a broken connection, not an exception.
        this.#drop(`a message from the server could not be read: ${errorMessage(error)}`);
        return;
      }
      sink.deliver(message);
    };

    source.onopen = () => {
      if (!current()) return;
      this.#failures = 0;
      this.#restarting = false;
      this.#watchdog?.heard();
      sink.status({ state: 'connected', transport: LABEL });
    };
    source.onmessage = (event: MessageEvent<string>) => {
      if (!current()) return;
      deliver(() => {
        const wire: unknown = JSON.parse(event.data);
        const tick = decodeTick(wire);
        return { kind: 'ticks', epoch: tick.epoch, ticks: [tick], gap: false, more: false };
      });
    };
    source.addEventListener(SSE_RESUME_EVENT, (event: MessageEvent<string>) => {
      if (!current()) return;
      deliver(() => {
        const page: unknown = JSON.parse(event.data);
        return decodeFeedMessage(page);
      });
    });
    source.addEventListener(SSE_HEARTBEAT_EVENT, () => {
      if (current()) this.#watchdog?.heard();
    });
    source.addEventListener(SSE_SHUTDOWN_EVENT, () => {
      if (!current()) return;
      this.#restarting = true;
      sink.status({ state: 'restarting', transport: LABEL, detail: SHUTDOWN_NOTE });
    });
    source.onerror = () => {
      if (!current()) return;
      // Still CONNECTING: the browser reconnects by itself, from the last event's id.
      if (source.readyState === EventSource.CONNECTING) this.#down('the stream dropped; reconnecting');
      // CLOSED: it will not, as after an answer that was not a stream (EventSource does not say which).
      else this.#drop('the server answered without a stream');
    };
  }

  /** Closes the stream and opens another from the tab's position, after a backoff that grows while it fails. */
  #drop(reason: string): void {
    this.#close();
    this.#down(reason);
    this.#failures += 1;
    clearTimeout(this.#reopenTimer);
    this.#reopenTimer = setTimeout(() => this.#open(), backoffDelay(this.#failures));
  }

  #down(detail: string): void {
    this.#sink?.status(
      this.#restarting
        ? { state: 'restarting', transport: LABEL, detail: `${SHUTDOWN_NOTE}; then: ${detail}` }
        : { state: 'reconnecting', transport: LABEL, detail },
    );
  }

  #close(): void {
    this.#watchdog?.stop();
    const source = this.#source;
    if (!source) return;
    this.#source = null;
    source.close();
  }
}
