import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { LoadViewer } from '../../load/load-generator';
import type { ModeTally } from '../../load/mode-tally';
import { SequenceCheck } from '../../load/sequence-check';
import { applyTick, wireTicks } from '../../load/viewer-feed';

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * A viewer of the raw `ws` baseline server (raw-ws-server-child.ts): a WebSocket whose every text message
 * is one tick's JSON. It checks sequence numbers and records tick ages into the tally like this server's
 * viewers (see viewer-feed.ts), so every server's deliveries are counted the same way.
 */
export class RawWsViewer implements LoadViewer {
  readonly check = new SequenceCheck();
  readonly #tally: ModeTally;
  readonly #ws: WebSocket;
  readonly #opened: Promise<boolean>;
  readonly #closed: Promise<void>;
  #socket: Socket | undefined;
  #open = false;
  #stopping = false;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL('/', baseUrl);
    url.protocol = 'ws:';
    tally.requests += 1;
    this.#ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    this.#ws.once('upgrade', (response) => {
      this.#socket = response.socket;
    });
    this.#ws.on('error', () => undefined);
    this.#ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return;
      try {
        applyTick(wireTicks.get(data.toString('utf8')), this.check, this.#tally);
      } catch {
        this.#ws.terminate();
      }
    });
    this.#opened = new Promise((resolve) => {
      this.#ws.once('open', () => resolve(true));
      this.#ws.once('close', () => resolve(false));
    });
    this.#closed = new Promise((resolve) => {
      this.#ws.once('close', () => {
        this.#tally.bytesReceived += this.#socket?.bytesRead ?? 0;
        if (this.#open && !this.#stopping) this.#tally.dropped += 1;
        this.#open = false;
        resolve();
      });
    });
  }

  async connect(): Promise<boolean> {
    const connected = await this.#opened;
    if (connected) {
      this.#open = true;
      this.#tally.connected += 1;
      this.#tally.track(this.check);
    } else if (!this.#stopping) this.#tally.failed += 1;
    return connected;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    this.#ws.close(1000);
    const timer = setTimeout(() => this.#ws.terminate(), CLOSE_TIMEOUT_MS);
    await this.#closed;
    clearTimeout(timer);
  }
}
