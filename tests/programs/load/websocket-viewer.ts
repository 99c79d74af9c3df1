import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { newTabId } from '../../../lib/protocol/tab-id';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';
import type { LoadViewer } from './load-generator';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';
import { applyAnswer, applyTick, pollAnswers, wireTicks } from './viewer-feed';

/** From opening the WebSocket to the end of its catch-up; a server that takes longer is failing this viewer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a clean close may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * One simulated viewer of the plain WebSocket (lib/protocol/websocket-api.ts), with `ws` as the client:
 * it opens WEBSOCKET_PATH naming a tab and no position, as a page does on its first connect, so the
 * server's catch-up is a snapshot; it is connected once the catch-up's last page has come, then checks
 * every tick's sequence number and records its age. Empty frames are the server's heartbeat; ws answers
 * the server's pings by itself, as a browser does.
 */
export class PlainWebSocketViewer implements LoadViewer {
  readonly check = new SequenceCheck();
  readonly #tally: ModeTally;
  readonly #ws: WebSocket;
  readonly #closed: Promise<void>;
  #socket: Socket | undefined;
  #live = false;
  #stopping = false;
  #settle: ((connected: boolean) => void) | undefined;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL(WEBSOCKET_PATH, baseUrl);
    url.protocol = 'ws:';
    url.search = `tab=${newTabId()}`;
    tally.requests += 1;
    this.#ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    this.#ws.once('upgrade', (response) => {
      this.#socket = response.socket;
    });
    this.#ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return this.#broken();
      try {
        this.#receive(data.toString('utf8'));
      } catch {
        this.#broken();
      }
    });
    // Errors end in 'close' too; what they were is not worth a line per viewer at 10,000 viewers.
    this.#ws.on('error', () => undefined);
    this.#closed = new Promise((resolve) => {
      this.#ws.once('close', () => {
        this.#tally.bytesReceived += this.#socket?.bytesRead ?? 0;
        if (this.#live && !this.#stopping) this.#tally.dropped += 1;
        this.#live = false;
        this.#finishConnecting(false);
        resolve();
      });
    });
  }

  /** Resolves once the catch-up is in (true), or once that failed or was cut short by stop() (false). */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#broken(), CONNECT_TIMEOUT_MS);
      this.#settle = (connected) => {
        clearTimeout(timer);
        if (connected) this.#tally.connected += 1;
        else if (!this.#stopping) this.#tally.failed += 1;
        resolve(connected);
      };
      if (this.#ws.readyState === WebSocket.CLOSED) this.#finishConnecting(false);
    });
  }

  /** Closes the WebSocket cleanly, cutting it if the server does not answer the close in time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    this.#ws.close(1000);
    const timer = setTimeout(() => this.#ws.terminate(), CLOSE_TIMEOUT_MS);
    await this.#closed;
    clearTimeout(timer);
  }

  #receive(text: string): void {
    // The heartbeat: nothing to read.
    if (text === '') return;
    if (text.startsWith('[')) {
      if (!this.#live) throw new Error('a tick before the catch-up ended');
      applyTick(wireTicks.get(text), this.check, this.#tally);
      return;
    }
    if (this.#live) throw new Error('a catch-up page after it ended');
    const more = applyAnswer(pollAnswers.get(text), this.check, this.#tally);
    if (more) return;
    this.#live = true;
    this.#tally.track(this.check);
    this.#finishConnecting(true);
  }

  #finishConnecting(connected: boolean): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(connected);
  }

  /** The server broke the protocol, or never finished the catch-up: the viewer gives up. */
  #broken(): void {
    this.#finishConnecting(false);
    this.#ws.terminate();
  }
}
