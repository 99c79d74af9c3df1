import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type WebSocketServer } from 'ws';
import { formatHex } from '../../lib/format/format-hex';
import { encodeFrameHeader } from '../../lib/protocol/websocket-frame';
import type { CountedBytes, InspectedFrame, WebSocketExchange } from '../../lib/protocol/wire-inspection';
import type { FrameTally } from './socket-io-parts';
import { FrameReader, type ReadFrame } from './websocket-frame-reader';
import { excerpt, requestHead, wholeText } from './wire-exhibits';
import type { WireLedger } from './wire-ledger';

export interface WebSocketMeterOptions {
  readonly request: IncomingMessage;
  readonly ws: WebSocket;
  /** The 101 response's lines as ws wrote them, each to be ended by CRLF, then an empty line. */
  readonly responseLines: readonly string[];
  /** What the socket counted for the upgrade request (up) and the 101 response (down); see upgradeHandshake. */
  readonly handshake: CountedBytes;
  /** Whether the client's pings and pongs are engine.io packets (Socket.IO) rather than control frames alone. */
  readonly engineIoPings: boolean;
}

/**
 * What a WebSocket's meter shares whatever runs over it, Socket.IO or nothing: the handshake as the socket
 * counted it, the client's frames read off the socket (see FrameReader), and the wire inspector's view of
 * them. How the server's own frames are counted is the subclass's: it adds to `sentPayload`, `sentPings`
 * and `sentTicks` and says what its last frame was.
 */
export abstract class WebSocketMeter implements FrameTally {
  readonly handshakeBytes: number;
  // The handshake's texts are made only when someone inspects the tab: kept as text, they would cost
  // every client a few hundred bytes for a view that almost none of them opens. The request is kept for
  // the socket's lifetime anyway.
  readonly #request: IncomingMessage;
  readonly #responseLines: readonly string[];
  readonly #handshakeCounted: CountedBytes;
  readonly #received: FrameReader;
  /** Until ws reports the WebSocket closed. */
  #ws: WebSocket | undefined;
  /** Payload bytes of the server's frames other than pings and pongs. */
  protected sentPayload = 0;
  /** The server's ping and pong frames, whole. */
  protected sentPings = 0;
  /** The part of `sentPayload` that is tick data. */
  protected sentTicks = 0;

  constructor(options: WebSocketMeterOptions) {
    const { handshake } = options;
    this.handshakeBytes = handshake.up + handshake.down;
    this.#request = options.request;
    this.#responseLines = options.responseLines;
    this.#handshakeCounted = { up: handshake.up, down: handshake.down };
    this.#received = new FrameReader({ engineIoPings: options.engineIoPings });
    this.#ws = options.ws;
    options.ws.once('close', () => (this.#ws = undefined));
  }

  get payloadBytes(): number {
    return this.sentPayload + this.#received.payloadBytes;
  }

  get pingBytes(): number {
    return this.sentPings + this.#received.pingBytes;
  }

  get tickBytes(): number {
    return this.sentTicks;
  }

  /** Every byte the client sent after its upgrade request, as the socket delivers it. */
  readonly received = (chunk: Buffer): void => this.#received.push(chunk);

  /**
   * Whether a frame handed to ws now is written. Once a close has begun ws drops what it is handed, so that
   * is not counted (the breakdown's remainder takes whatever still went out).
   */
  protected get open(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** The last frame the server sent, as the wire inspector shows it. */
  protected abstract lastSent(): InspectedFrame | null;

  inspect(): WebSocketExchange {
    const lastUp = this.#received.last;
    return {
      handshake: {
        request: wholeText(requestHead(this.#request)),
        response: wholeText(`${this.#responseLines.join('\r\n')}\r\n\r\n`),
        counted: this.#handshakeCounted,
      },
      lastDown: this.lastSent(),
      lastUp: lastUp ? readFrame(lastUp) : null,
    };
  }
}

/**
 * Where the handshake ends on the socket, read as the upgrade completes: the 101 response has been written
 * then and no frame yet, so the socket's totals since the request began are the handshake exactly. The
 * head is frames the client sent right behind its request; the socket has read it already.
 */
export function upgradeHandshake(ledger: WireLedger, request: IncomingMessage, head: Buffer): CountedBytes {
  const { socket } = request;
  const start = ledger.requestStart(socket);
  return { up: socket.bytesRead - head.length - start.read, down: socket.bytesWritten - start.written };
}

/**
 * Starts reading the client's frames into `meter`: ahead of ws's own listener, which unmasks payloads in
 * place in the very buffers it is handed. ws has put the head back into the socket, so that arrives here
 * too, before anything read later.
 */
export function meterFramesIn(socket: Duplex, meter: WebSocketMeter): void {
  socket.prependListener('data', meter.received);
}

/** The 101 responses' lines, by upgrade request, as a ws server wrote them. */
export class ResponseHeads {
  readonly #lines = new WeakMap<IncomingMessage, readonly string[]>();

  /**
   * ws emits the lines just before it writes them. Listening from the server's construction on, ahead of
   * anyone who appends lines of their own to the same array (engine.io does), the array kept holds every
   * line written by the time the upgrade completes.
   */
  watch(server: WebSocketServer): void {
    server.on('headers', (lines, request) => this.#lines.set(request, lines));
  }

  of(request: IncomingMessage): readonly string[] {
    return this.#lines.get(request) ?? [];
  }
}

/**
 * A frame the server sent, from its opcode and payload: the header as RFC 6455 lays it out for them, since
 * the server cannot read its own writes back.
 */
export function serverFrame(opcode: number, payload: string | Uint8Array): InspectedFrame {
  const shown = excerpt(payload);
  return { header: formatHex(encodeFrameHeader(opcode, shown.bytes)), fin: true, opcode, masked: false, payload: shown };
}

/** A frame the client sent, as read. */
function readFrame(frame: ReadFrame): InspectedFrame {
  const { header } = frame;
  return {
    header: formatHex(frame.headerBytes),
    fin: header.fin,
    opcode: header.opcode,
    masked: header.masked,
    payload: { text: Buffer.from(frame.payloadStart).toString('utf8'), bytes: header.payloadLength },
  };
}
