import { encodePacket, type Packet } from 'engine.io-parser';
import { frameHeaderLength, OPCODES } from '../../lib/protocol/websocket-frame';
import type { InspectedFrame } from '../../lib/protocol/wire-inspection';
import { serverFrame, WebSocketMeter, type WebSocketMeterOptions } from './websocket-meter';

/** An engine.io packet as engine.io hands it to the WebSocket transport. */
export type SentPacket = Pick<Packet, 'type' | 'data'>;

export interface WebSocketConnectionMeterOptions extends Omit<WebSocketMeterOptions, 'engineIoPings'> {
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
 * One Socket.IO WebSocket's frames, counted as they pass, and the last one each way kept to show. The
 * server's frames are counted from the engine.io packets handed to ws: over a WebSocket each packet is one
 * text frame whose payload is the packet's type digit and data (the server sends no binary), and its header
 * size follows from that length. The client's frames are read off the socket (see WebSocketMeter).
 *
 * Counting a broadcast tick costs each subscriber a string comparison and a few additions (the sizes are
 * worked out once, see SentTextSizes); the packet itself is kept by reference, and only made into text
 * when someone inspects the tab.
 */
export class WebSocketConnectionMeter extends WebSocketMeter {
  readonly #sizes: SentTextSizes;
  // The last packet's parts, not the packet: a tick's packet is an object for each subscriber, and one kept
  // until the next tick outlives a young-generation GC or two, to be copied and promoted for nothing. Its
  // data is the broadcast's text, the same string for every subscriber.
  #lastType: SentPacket['type'] | undefined;
  #lastData: unknown;

  constructor(options: WebSocketConnectionMeterOptions) {
    super({ ...options, engineIoPings: true });
    this.#sizes = options.sizes;
  }

  /** Packets engine.io hands to the WebSocket, in order; only an open WebSocket writes them. A listener of engine.io's 'flush'. */
  readonly sent = (packets: readonly SentPacket[]): void => {
    if (!this.open) return;
    for (const packet of packets) {
      const data: unknown = packet.data;
      const { bytes, tickBytes } = typeof data === 'string' ? this.#sizes.of(data) : NO_TEXT;
      const payload = 1 + bytes;
      if (packet.type === 'ping' || packet.type === 'pong') {
        this.sentPings += frameHeaderLength(payload, false) + payload;
      } else {
        this.sentPayload += payload;
        this.sentTicks += tickBytes;
      }
      this.#lastType = packet.type;
      this.#lastData = data;
    }
  };

  /** The tick data in a subscribe reply's catch-up, which the reply's text alone does not tell apart. */
  countCatchUp(tickBytes: number): void {
    this.sentTicks += tickBytes;
  }

  protected override lastSent(): InspectedFrame | null {
    return this.#lastType === undefined ? null : sentFrame({ type: this.#lastType, data: this.#lastData });
  }
}

const NO_TEXT: SentText = { bytes: 0, tickBytes: 0 };

/** A frame the server sent, from its packet: the payload as engine.io encodes it. */
function sentFrame(packet: SentPacket): InspectedFrame {
  let text = '';
  encodePacket(packet, true, (encoded: unknown) => (text = String(encoded)));
  return serverFrame(OPCODES.text, text);
}
