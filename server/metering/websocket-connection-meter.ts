import type { IncomingMessage } from 'node:http';
import { encodePacket, type Packet } from 'engine.io-parser';
import { WebSocket } from 'ws';
import { formatHex } from '../../lib/format/format-hex';
import { encodeFrameHeader, frameHeaderLength, OPCODES } from '../../lib/protocol/websocket-frame';
import type { CountedBytes, InspectedFrame, WebSocketExchange } from '../../lib/protocol/wire-inspection';
import type { FrameTally } from './socket-io-parts';
import { FrameReader, type ReadFrame } from './websocket-frame-reader';
import { excerpt, requestHead, wholeText } from './wire-exhibits';

/** An engine.io packet as engine.io hands it to the WebSocket transport. */
export type SentPacket = Pick<Packet, 'type' | 'data'>;

export interface WebSocketConnectionMeterOptions {
  readonly request: IncomingMessage;
  readonly ws: WebSocket;
  /** The 101 response's lines as ws wrote them, each to be ended by CRLF, then an empty line. */
  readonly responseLines: readonly string[];
  /** What the socket counted for the upgrade request (up) and the 101 response (down). */
  readonly handshake: CountedBytes;
  /** Shared by every meter, so a broadcast's text is measured once. */
  readonly sizes: SentTextSizes;
}

/** A sent packet's data: its UTF-8 size, and how much of it is tick data (0 for anything but a tick event). */
export interface SentText {
  readonly bytes: number;
  readonly tickBytes: number;
}

/**
 * Sizes of the texts engine.io hands the WebSockets. A broadcast hands every subscriber's meter the same
 * string one after another, so the last one's sizes are kept: a tick is measured once, not once per
 * subscriber.
 */
export class SentTextSizes {
  readonly #tickPrefix: string;
  readonly #tickPrefixBytes: number;
  #text: string | undefined;
  #sizes: SentText = { bytes: 0, tickBytes: 0 };

  /** `tickPacketPrefix`: the text every tick event packet begins with; the tick is the rest but the closing bracket. */
  constructor(tickPacketPrefix: string) {
    this.#tickPrefix = tickPacketPrefix;
    this.#tickPrefixBytes = Buffer.byteLength(tickPacketPrefix);
  }

  of(text: string): SentText {
    if (text !== this.#text) {
      const bytes = Buffer.byteLength(text);
      this.#sizes = { bytes, tickBytes: text.startsWith(this.#tickPrefix) ? bytes - this.#tickPrefixBytes - 1 : 0 };
      this.#text = text;
    }
    return this.#sizes;
  }
}

/**
 * One WebSocket's frames, counted as they pass, and the last one each way kept to show. The server's
 * frames are counted from the engine.io packets handed to ws: over a WebSocket each packet is one text
 * frame whose payload is the packet's type digit and data (the server sends no binary), and its header
 * size follows from that length. The client's frames are read off the socket (see FrameReader).
 *
 * Counting a broadcast tick costs each subscriber a string comparison and a few additions (the sizes are
 * worked out once, see SentTextSizes); the packet itself is kept by reference, and only made into text
 * when someone inspects the tab.
 */
export class WebSocketConnectionMeter implements FrameTally {
  readonly handshakeBytes: number;
  // The handshake's texts are made only when someone inspects the tab: kept as text, they would cost
  // every subscriber a few hundred bytes for a view that almost none of them opens. engine.io keeps the
  // request for the socket's lifetime anyway.
  readonly #request: IncomingMessage;
  readonly #responseLines: readonly string[];
  readonly #handshakeCounted: CountedBytes;
  readonly #received = new FrameReader();
  readonly #sizes: SentTextSizes;
  /** Until ws reports the WebSocket closed. */
  #ws: WebSocket | undefined;
  #sentPayload = 0;
  #sentPings = 0;
  #tickBytes = 0;
  #lastSent: SentPacket | undefined;

  constructor(options: WebSocketConnectionMeterOptions) {
    const { handshake } = options;
    this.handshakeBytes = handshake.up + handshake.down;
    this.#request = options.request;
    this.#responseLines = options.responseLines;
    this.#handshakeCounted = { up: handshake.up, down: handshake.down };
    this.#sizes = options.sizes;
    this.#ws = options.ws;
    options.ws.once('close', () => (this.#ws = undefined));
  }

  get payloadBytes(): number {
    return this.#sentPayload + this.#received.payloadBytes;
  }

  get pingBytes(): number {
    return this.#sentPings + this.#received.pingBytes;
  }

  get tickBytes(): number {
    return this.#tickBytes;
  }

  /** Every byte the client sent after its upgrade request, as the socket delivers it. */
  readonly received = (chunk: Buffer): void => this.#received.push(chunk);

  /**
   * Packets engine.io hands to the WebSocket, in order. Only an open WebSocket writes them: once a close
   * has begun ws drops them, so they are not counted (the breakdown's remainder takes whatever still went out).
   */
  sent(packets: readonly SentPacket[]): void {
    if (this.#ws?.readyState !== WebSocket.OPEN) return;
    for (const packet of packets) {
      const data: unknown = packet.data;
      const { bytes, tickBytes } = typeof data === 'string' ? this.#sizes.of(data) : NO_TEXT;
      const payload = 1 + bytes;
      if (packet.type === 'ping' || packet.type === 'pong') {
        this.#sentPings += frameHeaderLength(payload, false) + payload;
      } else {
        this.#sentPayload += payload;
        this.#tickBytes += tickBytes;
      }
      this.#lastSent = packet;
    }
  }

  /** The tick data in a subscribe reply's catch-up, which the reply's text alone does not tell apart. */
  countCatchUp(tickBytes: number): void {
    this.#tickBytes += tickBytes;
  }

  inspect(): WebSocketExchange {
    const lastUp = this.#received.last;
    return {
      handshake: {
        request: wholeText(requestHead(this.#request)),
        response: wholeText(`${this.#responseLines.join('\r\n')}\r\n\r\n`),
        counted: this.#handshakeCounted,
      },
      lastDown: this.#lastSent ? sentFrame(this.#lastSent) : null,
      lastUp: lastUp ? readFrame(lastUp) : null,
    };
  }
}

const NO_TEXT: SentText = { bytes: 0, tickBytes: 0 };

/** A frame the server sent, from its packet: the payload as engine.io encodes it, the header as RFC 6455 frames it. */
function sentFrame(packet: SentPacket): InspectedFrame {
  let text = '';
  encodePacket(packet, true, (encoded: unknown) => (text = String(encoded)));
  const payload = excerpt(text);
  const header = encodeFrameHeader(OPCODES.text, payload.bytes);
  return { header: formatHex(header), fin: true, opcode: OPCODES.text, masked: false, payload };
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
