import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TabId } from '../../lib/protocol/tab-id';
import {
  INSPECT_TEXT_LIMIT,
  type CountedBytes,
  type Excerpt,
  type LongPollExchange,
  type PollExchange,
  type WireInspection,
} from '../../lib/protocol/wire-inspection';
import type { EventTally } from './event-stream-parts';
import type { FrameTally } from './socket-io-parts';

// The bytes the wire inspector shows, taken from what Node parsed and wrote. None of this is on the hot
// path (polls are kept only for a tab being inspected, a WebSocket's texts are made when its tab is
// inspected), so it may build strings freely.

function bytesOf(content: string | Uint8Array): Buffer {
  if (typeof content === 'string') return Buffer.from(content);
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** The first INSPECT_TEXT_LIMIT bytes of `content` as text, with the size of the whole. */
export function excerpt(content: string | Uint8Array): Excerpt {
  const bytes = bytesOf(content);
  return { text: bytes.subarray(0, INSPECT_TEXT_LIMIT).toString('utf8'), bytes: bytes.length };
}

/** A head kept whole: the server's header size limit (16 KB by default) already bounds it. */
export function wholeText(text: string): Excerpt {
  return { text, bytes: Buffer.byteLength(text) };
}

/**
 * The request line and header lines of a request, rebuilt from what Node parsed. Node keeps names and
 * values as sent but not the spacing around them, so this is the wire's text when the client wrote one
 * space after each colon and nothing else (every browser does).
 */
export function requestHead(req: IncomingMessage): string {
  let head = `${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/**
 * The status line and header lines exactly as Node wrote them. `_header` is Node's own record of that
 * text (set when the head is stored for sending); there is no public way to read it, and rebuilding it
 * from getHeaders() would miss the Date, Connection and Keep-Alive lines Node adds itself.
 */
function responseHead(res: ServerResponse): string {
  const { _header: head } = res as ServerResponse & { readonly _header?: string | null };
  return head ?? '';
}

/** A poll's request and response (`bodyBytes` of its body sent), and what the ledger counted for it. */
function pollExchange(res: ServerResponse, body: string | Uint8Array, bodyBytes: number, counted: CountedBytes, at: number): PollExchange {
  return {
    at,
    request: { head: wholeText(requestHead(res.req)) },
    // A HEAD answer carries no body, and an aborted one may have sent less than its whole.
    response: { head: wholeText(responseHead(res)), body: excerpt(bytesOf(body).subarray(0, bodyBytes)) },
    counted,
  };
}

/**
 * What the wire inspector shows of one tab: the meters of its latest connection of each kept-open mode,
 * and its last poll and long poll. Polls are kept only once someone has inspected the tab, so that
 * polling costs nothing extra for anyone else; the meters are kept anyway, and made into text only here.
 */
export class TabExhibits {
  socketio: FrameTally | undefined;
  websocket: FrameTally | undefined;
  sse: EventTally | undefined;
  #recording = false;
  #lastPoll: PollExchange | undefined;
  #lastLongPoll: LongPollExchange | undefined;

  get recording(): boolean {
    return this.#recording;
  }

  recordPoll(res: ServerResponse, body: string | Uint8Array, bodyBytes: number, counted: CountedBytes, at: number): void {
    this.#lastPoll = pollExchange(res, body, bodyBytes, counted, at);
  }

  /** A long poll, as recordPoll, with how long the server held it. */
  recordLongPoll(res: ServerResponse, body: string | Uint8Array, bodyBytes: number, counted: CountedBytes, at: number, heldMs: number): void {
    this.#lastLongPoll = { ...pollExchange(res, body, bodyBytes, counted, at), heldMs };
  }

  /** The exhibits, and from now on the tab's polls are recorded. */
  show(tab: TabId, now: number): WireInspection {
    this.#recording = true;
    return {
      tab,
      serverTs: now,
      socketio: this.socketio?.inspect() ?? null,
      websocket: this.websocket?.inspect() ?? null,
      sse: this.sse?.inspect() ?? null,
      longpolling: this.#lastLongPoll ?? null,
      polling: this.#lastPoll ?? null,
    };
  }
}
