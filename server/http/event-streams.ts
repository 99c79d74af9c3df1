import type { ServerResponse } from 'node:http';
import createDebug from 'debug';

const debug = createDebug('ticker:streams');

/**
 * How much one event stream may leave unread in this process before it is ended. The feeds write about
 * 1 KB a second (the server panel's first event, a minute of samples, about 60 KB), so only a reader that
 * has stopped gets near it, after the kernel's own buffers (megabytes on loopback) are full.
 */
export const MAX_UNREAD_STREAM_BYTES = 256 * 1024;

/** Writes one event's text to its stream. */
export type SendEvent = (text: string) => void;

/**
 * The event streams this server has open (GET /api/meter, GET /api/server): each bounded in what it may
 * leave unread, and all ended at once when the server shuts down.
 */
export class EventStreams {
  readonly #open = new Set<ServerResponse>();
  readonly #onCut: () => void;

  /** `onCut` is told of every stream ended because its reader stopped reading. */
  constructor(onCut: () => void) {
    this.#onCut = onCut;
  }

  /**
   * Answers `res` with an event stream's head and returns how to send it events. Not chunked: the stream
   * ends with its connection, and an event's bytes on the wire are its text. The head goes at once, so
   * it is on the wire (and in the meter's totals) before the first event.
   */
  open(res: ServerResponse): SendEvent {
    res.removeHeader('transfer-encoding');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.flushHeaders();
    this.#open.add(res);
    res.once('close', () => this.#open.delete(res));
    return (text) => {
      if (!this.#open.has(res)) return;
      res.write(text);
      // What the response and its socket hold unsent: it only grows while the reader has stopped.
      if (res.writableLength <= MAX_UNREAD_STREAM_BYTES) return;
      debug('cutting a stream to %s: %d bytes unread', res.socket?.remoteAddress, res.writableLength);
      this.#open.delete(res);
      res.destroy();
      this.#onCut();
    };
  }

  /** Ends every open stream (its reader sees the end and may reconnect elsewhere); returns how many. */
  endAll(): number {
    const count = this.#open.size;
    for (const res of this.#open) res.end();
    this.#open.clear();
    return count;
  }
}
