import { WebSocket } from 'ws';
import { newTabId } from '../../../lib/protocol/tab-id';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';
import type { LoadViewer } from './load-generator';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';
import { applyAnswer, applyTick, pollAnswers, wireTicks } from './viewer-feed';
import { CONNECT_TIMEOUT_MS, ViewerWebSocket } from './viewer-websocket';

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
  readonly #socket: ViewerWebSocket;
  #settle: ((connected: boolean) => void) | undefined;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL(WEBSOCKET_PATH, baseUrl);
    url.protocol = 'ws:';
    url.search = `tab=${newTabId()}`;
    this.#socket = new ViewerWebSocket(url, tally, () => this.#finishConnecting(false));
    this.#socket.ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return this.#broken();
      try {
        this.#receive(data.toString('utf8'));
      } catch {
        this.#broken();
      }
    });
  }

  /** Resolves once the catch-up is in (true), or once that failed or was cut short by stop() (false). */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#broken(), CONNECT_TIMEOUT_MS);
      this.#settle = (connected) => {
        clearTimeout(timer);
        if (connected) this.#tally.connected += 1;
        else if (!this.#socket.stopping) this.#tally.failed += 1;
        resolve(connected);
      };
      if (this.#socket.ws.readyState === WebSocket.CLOSED) this.#finishConnecting(false);
    });
  }

  stop(): Promise<void> {
    return this.#socket.stop();
  }

  #receive(text: string): void {
    // The heartbeat: nothing to read.
    if (text === '') return;
    if (text.startsWith('[')) {
      if (!this.#socket.live) throw new Error('a tick before the catch-up ended');
      applyTick(wireTicks.get(text), this.check, this.#tally);
      return;
    }
    if (this.#socket.live) throw new Error('a catch-up page after it ended');
    const more = applyAnswer(pollAnswers.get(text), this.check, this.#tally);
    if (more) return;
    this.#socket.live = true;
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
    this.#socket.ws.terminate();
  }
}
