import { get, type ClientRequest } from 'node:http';
import { newTabId } from '../../../lib/protocol/tab-id';
import { SSE_PATH, SSE_RESUME_EVENT, SSE_RETRY_MS } from '../../../lib/protocol/sse-api';
import { EventStreamReader, type StreamEvent } from './event-stream-reader';
import { httpTarget } from './http-target';
import type { LoadViewer } from './load-generator';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';
import { applyAnswer, applyTick, pollAnswers, wireTicks } from './viewer-feed';

/** From opening the first stream to the end of its catch-up; a server that takes longer is failing this viewer. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * How long a stream may be silent before the viewer takes it for dead and opens another. The server sends
 * something at least every two heartbeat intervals (2 s); a page waits 3 s, a busy load worker gets more.
 */
const SILENCE_LIMIT_MS = 10_000;
const EVENT_STREAM = /^text\/event-stream\b/;

type State = 'idle' | 'catching-up' | 'live' | 'waiting';

/**
 * One simulated Server-Sent Events viewer on node:http, reading text/event-stream as a browser's
 * EventSource does (see EventStreamReader), without a browser's cost. Its first stream names a tab and no
 * position, as a page does, so its catch-up is a snapshot; it is connected once the catch-up's last page
 * has come, then checks every tick's sequence number and records its age. A stream that ends or falls
 * silent is a lost connection: the viewer opens another after the server's retry time, sending the last
 * event id it saw as Last-Event-ID, as a browser reconnecting by itself does, and its sequence check sees
 * whether the server resumed it without a gap or a repeat.
 */
export class SseViewer implements LoadViewer {
  readonly check = new SequenceCheck();
  readonly #tab = newTabId();
  readonly #base: URL;
  readonly #tally: ModeTally;
  readonly #reader = new EventStreamReader();
  #state: State = 'idle';
  #stopping = false;
  #request: ClientRequest | undefined;
  /** Resolves once the current stream's connection has closed. */
  #closed: Promise<void> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  #settle: ((connected: boolean) => void) | undefined;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#base = baseUrl;
    this.#tally = tally;
  }

  /** Opens the stream; resolves once its catch-up is in (true), or once that failed or was cut short by stop() (false). */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#request?.destroy(), CONNECT_TIMEOUT_MS);
      this.#settle = (connected) => {
        clearTimeout(timer);
        if (connected) {
          this.#tally.connected += 1;
          this.#tally.track(this.check);
        } else if (!this.#stopping) this.#tally.failed += 1;
        resolve(connected);
      };
      this.#open();
    });
  }

  /** Ends the stream (or the wait for the next one) and waits until its connection has closed. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retry);
    this.#request?.destroy();
    this.#finishConnecting(false);
    await this.#closed;
  }

  #open(): void {
    this.#state = 'catching-up';
    this.#tally.requests += 1;
    this.#reader.restart();
    const lastEventId = this.#reader.lastEventId;
    const request = get({
      ...httpTarget(this.#base),
      path: `${SSE_PATH}?tab=${this.#tab}`,
      agent: false,
      headers: { accept: 'text/event-stream', 'cache-control': 'no-cache', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      timeout: SILENCE_LIMIT_MS,
    });
    this.#request = request;
    this.#closed = new Promise((resolve) => {
      request.once('socket', (socket) =>
        socket.once('close', () => {
          this.#tally.bytesReceived += socket.bytesRead;
          resolve();
        }),
      );
      // Destroyed before it had a socket.
      request.once('close', () => {
        if (!request.socket) resolve();
      });
    });
    request.on('response', (response) => {
      if (response.statusCode !== 200 || !EVENT_STREAM.test(response.headers['content-type'] ?? '')) {
        request.destroy();
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        try {
          for (const event of this.#reader.push(text)) this.#receive(event);
        } catch {
          // An event this viewer cannot read means the server broke the protocol: the stream is dropped.
          request.destroy();
        }
      });
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => undefined);
    request.once('close', () => this.#ended());
  }

  #receive(event: StreamEvent): void {
    if (event.type === 'message') {
      if (this.#state !== 'live') throw new Error('a tick before the catch-up ended');
      applyTick(wireTicks.get(event.data), this.check, this.#tally);
      return;
    }
    if (event.type === SSE_RESUME_EVENT) {
      if (this.#state !== 'catching-up') throw new Error('a catch-up page after it ended');
      if (applyAnswer(pollAnswers.get(event.data), this.check, this.#tally)) return;
      this.#state = 'live';
      this.#finishConnecting(true);
      return;
    }
    // The rest say only that the stream is alive (heartbeat) or about to end (shutdown).
  }

  /** The stream's request is over, whatever ended it: the first one failed, or a later one is opened again. */
  #ended(): void {
    if (this.#stopping) return;
    if (this.#settle) {
      this.#finishConnecting(false);
      return;
    }
    if (this.#state === 'live') this.#tally.dropped += 1;
    this.#state = 'waiting';
    this.#retry = setTimeout(() => this.#open(), SSE_RETRY_MS);
  }

  #finishConnecting(connected: boolean): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(connected);
  }
}
