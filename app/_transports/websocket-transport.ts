import { errorMessage } from '@/lib/format/error-message';
import { backoffDelay } from '@/lib/net/backoff';
import { SilenceWatchdog } from '@/lib/net/silence-watchdog';
import { decodeFeedMessage, type FeedMessage } from '@/lib/protocol/feed-message';
import { decodeTick } from '@/lib/protocol/tick-codec';
import { WEBSOCKET_PATH, WS_CLOSE_CODES, WS_SILENCE_LIMIT_MS } from '@/lib/protocol/websocket-api';
import type { ConnectionState, Transport, TransportSink } from './transport';

/** What the status badge says carries the ticks: the browser's own WebSocket, no library on either end's protocol. */
const LABEL = 'Plain WebSocket';

const RESTART_NOTE = 'the server said it was restarting';

/**
 * As much of the browser's WebSocket as this transport uses. ws's WebSocket has it too, so a test in Node
 * (which has no WebSocket of its own before version 22) can drive the same code.
 */
export interface WebSocketLike {
  close(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number; readonly reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** The server's origin, e.g. http://127.0.0.1:3000; the page's own by default. */
  readonly origin?: string;
  /** The WebSocket class; the browser's by default. */
  readonly WebSocket?: WebSocketConstructor;
  /** How long without any frame counts as a dead connection, ms. Default WS_SILENCE_LIMIT_MS. */
  readonly silenceLimitMs?: number;
}

/** The close code a browser reports when there was no close frame: the link broke, or never opened. */
const ABNORMAL_CLOSURE = 1006;

/**
 * A frame's text as a feed message (see lib/protocol/websocket-api.ts): a tick alone, or a catch-up page;
 * null for a heartbeat. Throws when it is none of these.
 */
function decodeFrame(data: unknown): FeedMessage | null {
  if (typeof data !== 'string') throw new Error('the server sent a binary frame');
  if (data === '') return null;
  if (data.startsWith('[')) {
    const tick = decodeTick(JSON.parse(data));
    return { kind: 'ticks', epoch: tick.epoch, ticks: [tick], gap: false, more: false };
  }
  if (data.startsWith('{')) return decodeFeedMessage(JSON.parse(data));
  throw new Error(`a frame that is neither a tick nor a feed message: ${data.slice(0, 40)}`);
}

/** What a close means, for the status's detail. */
function closeDetail(code: number, reason: string): string {
  if (code === ABNORMAL_CLOSURE) return `the connection was lost or could not be made (${code})`;
  return `the server closed the connection (${code}${reason ? `: ${reason}` : ''})`;
}

/**
 * Ticks over a plain WebSocket to WEBSOCKET_PATH. Each connection names the tab's position, so the server's
 * first frames are the ticks missed meanwhile, then live ones. A connection that closes is opened again
 * after a backoff, from wherever the tab then is; one that goes silent (no tick and no heartbeat for
 * WS_SILENCE_LIMIT_MS) or sends what cannot be read is closed and opened again the same way. A close with
 * 1012 shows as a restart until a connection is open again.
 */
export class WebSocketTransport implements Transport {
  readonly mode = 'websocket' as const;
  readonly #tab: string;
  readonly #options: WebSocketTransportOptions;
  #sink: TransportSink | null = null;
  #socket: WebSocketLike | null = null;
  #watchdog: SilenceWatchdog | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  /** Set when the server closed with 1012: until a connection opens again, the outage is a restart. */
  #restarting = false;

  constructor(tab: string, options: WebSocketTransportOptions = {}) {
    this.#tab = tab;
    this.#options = options;
  }

  start(sink: TransportSink): void {
    if (this.#sink) return;
    this.#sink = sink;
    this.#restarting = false;
    this.#watchdog = new SilenceWatchdog({
      limitMs: this.#options.silenceLimitMs ?? WS_SILENCE_LIMIT_MS,
      onSilence: (silentMs) => this.#drop(`nothing from the server for ${Math.round(silentMs / 1000)} s`),
    });
    sink.status({ state: 'connecting', transport: LABEL });
    this.#connect();
  }

  stop(): void {
    this.#sink = null;
    clearTimeout(this.#retry);
    this.#watchdog?.stop();
    this.#watchdog = null;
    this.#abandon();
  }

  #connect(): void {
    const sink = this.#sink;
    if (!sink) return;
    const WebSocketClass: WebSocketConstructor = this.#options.WebSocket ?? globalThis.WebSocket;
    const socket = new WebSocketClass(this.#url(sink));
    this.#socket = socket;
    // Events of a socket this transport has let go of (closed for silence, say) are not its news any more.
    const current = () => this.#socket === socket;
    // From the connection attempt on: one that hangs without opening counts as silence too.
    this.#watchdog?.start();

    socket.addEventListener('open', () => {
      if (!current()) return;
      this.#failures = 0;
      this.#restarting = false;
      this.#watchdog?.heard();
      sink.status({ state: 'connected', transport: LABEL });
    });
    socket.addEventListener('message', ({ data }) => {
      if (!current()) return;
      this.#watchdog?.heard();
      let message: FeedMessage | null;
      try {
        message = decodeFrame(data);
      } catch (error) {
        this.#drop(`a message from the server could not be read: ${errorMessage(error)}`);
        return;
      }
      if (message) sink.deliver(message);
    });
    // Every error is followed by a close, which is where this transport acts. Heard all the same: ws, in a
    // test, throws an error that nobody listens to (one closed before it opened, say).
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', ({ code, reason }) => {
      if (!current()) return;
      this.#socket = null;
      if (code === WS_CLOSE_CODES.serviceRestart) this.#restarting = true;
      this.#retryLater(closeDetail(code, reason));
    });
  }

  /** ws(s)://host/api/ws?tab&since&epoch, the scheme following the page's (or the given origin's). */
  #url(sink: TransportSink): string {
    const page = new URL(this.#options.origin ?? globalThis.location.href);
    const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
    const params = new URLSearchParams({ tab: this.#tab });
    const position = sink.position();
    if (position) {
      params.set('since', String(position.since));
      params.set('epoch', String(position.epoch));
    }
    return `${scheme}//${page.host}${WEBSOCKET_PATH}?${params.toString()}`;
  }

  /** This side gives up on the connection: a new one after a backoff. */
  #drop(reason: string): void {
    if (!this.#sink) return;
    this.#abandon();
    this.#retryLater(reason);
  }

  /** Lets go of the socket: closed, and none of its events heard any more. */
  #abandon(): void {
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  #retryLater(detail: string): void {
    const sink = this.#sink;
    if (!sink) return;
    this.#watchdog?.stop();
    this.#failures += 1;
    const state: ConnectionState = this.#restarting ? 'restarting' : 'reconnecting';
    sink.status({ state, transport: LABEL, detail: this.#restarting ? `${RESTART_NOTE}; ${detail}` : detail });
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.#connect(), backoffDelay(this.#failures));
  }
}
