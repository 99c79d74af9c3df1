import type { LoadViewer } from '../../load/load-generator';
import type { ModeTally } from '../../load/mode-tally';
import { SequenceCheck } from '../../load/sequence-check';
import { applyTick, wireTicks } from '../../load/viewer-feed';
import { ViewerWebSocket } from '../../load/viewer-websocket';

/**
 * A viewer of the raw `ws` baseline server (raw-ws-server-child.ts): a WebSocket whose every text message
 * is one tick's JSON. It checks sequence numbers and records tick ages into the tally like this server's
 * viewers (see viewer-feed.ts), so every server's deliveries are counted the same way.
 */
export class RawWsViewer implements LoadViewer {
  readonly check = new SequenceCheck();
  readonly #tally: ModeTally;
  readonly #socket: ViewerWebSocket;
  readonly #opened: Promise<boolean>;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL('/', baseUrl);
    url.protocol = 'ws:';
    this.#socket = new ViewerWebSocket(url, tally);
    const { ws } = this.#socket;
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return;
      try {
        applyTick(wireTicks.get(data.toString('utf8')), this.check, this.#tally);
      } catch {
        ws.terminate();
      }
    });
    this.#opened = new Promise((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('close', () => resolve(false));
    });
  }

  async connect(): Promise<boolean> {
    const connected = await this.#opened;
    if (connected) {
      this.#socket.live = true;
      this.#tally.connected += 1;
      this.#tally.track(this.check);
    } else if (!this.#socket.stopping) this.#tally.failed += 1;
    return connected;
  }

  stop(): Promise<void> {
    return this.#socket.stop();
  }
}
