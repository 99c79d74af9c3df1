import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { ModeTally } from './mode-tally';

/** From opening the WebSocket to the viewer's first answer; a server that takes longer is failing the viewer. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** How long a clean close may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * The WebSocket of a viewer that speaks over `ws`, opened and closed alike whatever runs over it: its
 * upgrade counted as a request, the TCP bytes it received added to the tally once it closes, and a close
 * while live that nobody asked for counted as a dropped connection. The viewer reads the messages and
 * says when it is live.
 */
export class ViewerWebSocket {
  readonly ws: WebSocket;
  /** Set by the viewer once it has its first answer: a close after that, not asked for by stop(), is a drop. */
  live = false;
  #stopping = false;
  #socket: Socket | undefined;
  readonly #closed: Promise<void>;

  /** `onClose` runs once the WebSocket has closed, for whatever reason, after the tally is updated. */
  constructor(url: URL, tally: ModeTally, onClose: () => void = () => undefined) {
    tally.requests += 1;
    this.ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    this.ws.once('upgrade', (response) => {
      this.#socket = response.socket;
    });
    // Errors end in 'close' too; what they were is not worth a line per viewer at 10,000 viewers.
    this.ws.on('error', () => undefined);
    this.#closed = new Promise((resolve) => {
      this.ws.once('close', () => {
        tally.bytesReceived += this.#socket?.bytesRead ?? 0;
        if (this.live && !this.#stopping) tally.dropped += 1;
        this.live = false;
        onClose();
        resolve();
      });
    });
  }

  /** Whether stop() has been called: a viewer that fails to connect then is not counted as failed. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Closes the WebSocket cleanly, cutting it if the server does not answer the close in time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    const timer = setTimeout(() => this.ws.terminate(), CLOSE_TIMEOUT_MS);
    await this.#closed;
    clearTimeout(timer);
  }
}
