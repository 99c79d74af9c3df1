import type { ServerResponse } from 'node:http';
import type { EventStreamExchange } from '../../../lib/protocol/wire-inspection';
import type { EventTally } from '../../metering/event-stream-parts';
import { excerpt, requestHead, responseHead, wholeText } from '../../metering/wire-exhibits';

/**
 * One stream's own meter: what it wrote, counted as it is written, and the last write kept by reference
 * for the wire inspector (a tick's text is shared by every stream, so keeping it costs nothing). The
 * inspector's texts are made only when someone looks.
 */
export class SseStreamMeter implements EventTally {
  responseHeadBytes = 0;
  eventFramingBytes = 0;
  dataBytes = 0;
  tickBytes = 0;
  /** The last write and when it was made (server clock, ms): a tick's own time for a tick. */
  lastText: string | undefined;
  lastAt = 0;
  readonly #res: ServerResponse;
  /** What the socket counted for the request. */
  readonly #requestBytes: number;

  /** `requestBytes`: what the socket counted for the request that opened the stream. */
  constructor(res: ServerResponse, requestBytes: number) {
    this.#res = res;
    this.#requestBytes = requestBytes;
  }

  inspect(): EventStreamExchange {
    const head = responseHead(this.#res);
    // Node frames each write as a chunk of its own when the response is chunked, which its head says.
    const chunked = /^transfer-encoding: chunked\r$/im.test(head);
    const text = this.lastText;
    return {
      request: wholeText(requestHead(this.#res.req)),
      response: wholeText(head),
      counted: { up: this.#requestBytes, down: this.responseHeadBytes },
      lastEvent:
        text === undefined
          ? null
          : {
              at: this.lastAt,
              chunkHead: chunked ? `${Buffer.byteLength(text).toString(16)}\r\n` : '',
              event: excerpt(text),
              chunkTail: chunked ? '\r\n' : '',
            },
    };
  }
}
