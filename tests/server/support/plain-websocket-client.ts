import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { pollResponseSchema } from '../../../lib/protocol/poll-api';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/**
 * A client of the plain WebSocket from the ws package, as a page would be one: it records the text of every
 * message in order, and is closed when the test finishes. ws answers the server's pings by itself.
 */
export class PlainWebSocketClient {
  readonly texts: string[] = [];
  readonly closed: Promise<Closed>;
  readonly ws: WebSocket;
  #wake: (() => void) | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      // The server sends text only; anything else is recorded as what no tick or page can be.
      this.texts.push(!isBinary && Buffer.isBuffer(data) ? data.toString('utf8') : '(binary)');
      this.#wake?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens GET WEBSOCKET_PATH?<query> on `url`'s server (http or https) and waits until it is open. */
  static async open(url: string, query = ''): Promise<PlainWebSocketClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${WEBSOCKET_PATH}${query ? `?${query}` : ''}`);
    onTestFinished(() => ws.terminate());
    const client = new PlainWebSocketClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  /** Resolves once the client has received `count` messages in all, with all of them. */
  async received(count: number): Promise<string[]> {
    while (this.texts.length < count) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`closed after ${this.texts.length} of ${count} messages`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        void this.closed.then(() => resolve());
      });
    }
    return this.texts.slice(0, count);
  }

  /**
   * The sequence numbers of every tick received so far, catch-up pages and live ticks alike, in order; a
   * snapshot counts as its own sequence number, and empty heartbeats as nothing.
   */
  seqs(): number[] {
    return this.texts.flatMap((text) => {
      if (text === '') return [];
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) return [decodeTick(value).seq];
      const message = pollResponseSchema.parse(value);
      return message.kind === 'snapshot' ? [message.snapshot.seq] : message.ticks.map((tick) => decodeTick(tick).seq);
    });
  }
}
