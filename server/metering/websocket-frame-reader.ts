import { INSPECT_TEXT_LIMIT } from '../../lib/protocol/wire-inspection';
import { decodeFrameHeader, maskKeyOf, OPCODES, type FrameHeader } from '../../lib/protocol/websocket-frame';

/** A header is at most 14 bytes: 2, an 8-byte length and a 4-byte masking key. */
const MAX_HEADER_BYTES = 14;

/** engine.io's ping and pong packets begin with these type digits. */
const ENGINE_PING = '2'.charCodeAt(0);
const ENGINE_PONG = '3'.charCodeAt(0);

/** What a frame's bytes count as: payload, a ping or pong, or framing (a close frame, whole, like headers). */
type FrameKind = 'payload' | 'ping' | 'framing';

/** A whole frame the client sent: its header as read, and the start of its payload unmasked. */
export interface ReadFrame {
  readonly header: FrameHeader;
  readonly headerBytes: Uint8Array;
  /** At most INSPECT_TEXT_LIMIT bytes; the header says how long the payload was. */
  readonly payloadStart: Uint8Array;
}

interface FrameInProgress {
  readonly header: FrameHeader;
  readonly headerBytes: Uint8Array;
  readonly payloadStart: Uint8Array;
  /** Undefined until the first payload byte says whether a text frame is a ping or pong. */
  kind: FrameKind | undefined;
  /** Payload bytes read so far. */
  read: number;
}

export interface FrameReaderOptions {
  /**
   * Whether text frames that begin with engine.io's ping or pong type are pings, as over Socket.IO (the
   * default). A plain WebSocket's pings and pongs are control frames only, and its text is all payload.
   */
  readonly engineIoPings?: boolean;
}

/**
 * Reads the frames a client sends as the bytes arrive, in whatever pieces TCP delivers them, and counts
 * them the way the WebSocket breakdowns split them: payload bytes, and ping or pong frames whole. The
 * rest of what it reads (headers, masking keys, close frames) is framing, which the breakdown takes as
 * the remainder. It keeps the last whole frame for the wire inspector. Clients send little (a subscribe,
 * a pong every ping interval), so this may look at every byte.
 */
export class FrameReader {
  payloadBytes = 0;
  pingBytes = 0;
  readonly #engineIoPings: boolean;
  #last: ReadFrame | undefined;
  readonly #header = new Uint8Array(MAX_HEADER_BYTES);
  #headerRead = 0;
  #frame: FrameInProgress | undefined;

  constructor(options: FrameReaderOptions = {}) {
    this.#engineIoPings = options.engineIoPings ?? true;
  }

  /** The last whole frame read. */
  get last(): ReadFrame | undefined {
    return this.#last;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const frame = this.#frame;
      if (frame) at += this.#readPayload(frame, chunk, at);
      else at += this.#readHeader(chunk, at);
    }
  }

  #readHeader(chunk: Uint8Array, at: number): number {
    // One byte at a time until the header is whole: it is at most 14 bytes, and its own second byte
    // says how long it is.
    this.#header[this.#headerRead++] = chunk[at] ?? 0;
    const header = decodeFrameHeader(this.#header, this.#headerRead);
    if (header) {
      this.#headerRead = 0;
      const frame: FrameInProgress = {
        header,
        headerBytes: this.#header.slice(0, header.length),
        payloadStart: new Uint8Array(Math.min(header.payloadLength, INSPECT_TEXT_LIMIT)),
        kind: kindOf(header, this.#engineIoPings),
        read: 0,
      };
      this.#frame = frame;
      if (frame.kind === 'ping') this.pingBytes += header.length;
      if (header.payloadLength === 0) this.#finish(frame);
    }
    return 1;
  }

  #readPayload(frame: FrameInProgress, chunk: Uint8Array, at: number): number {
    const { header, headerBytes, payloadStart } = frame;
    const count = Math.min(header.payloadLength - frame.read, chunk.length - at);
    const mask = maskKeyOf(headerBytes, header);
    const unmasked = (offset: number) => (chunk[at + offset] ?? 0) ^ (mask?.[(frame.read + offset) % 4] ?? 0);
    if (frame.kind === undefined) {
      const type = unmasked(0);
      frame.kind = type === ENGINE_PING || type === ENGINE_PONG ? 'ping' : 'payload';
      if (frame.kind === 'ping') this.pingBytes += header.length;
    }
    for (let i = 0; i < count && frame.read + i < payloadStart.length; i++) payloadStart[frame.read + i] = unmasked(i);
    if (frame.kind === 'ping') this.pingBytes += count;
    else if (frame.kind === 'payload') this.payloadBytes += count;
    frame.read += count;
    if (frame.read === header.payloadLength) this.#finish(frame);
    return count;
  }

  #finish(frame: FrameInProgress): void {
    this.#frame = undefined;
    this.#last = { header: frame.header, headerBytes: frame.headerBytes, payloadStart: frame.payloadStart };
  }
}

/** A frame's kind from its header alone; undefined for an engine.io text frame, whose first payload byte decides. */
function kindOf(header: FrameHeader, engineIoPings: boolean): FrameKind | undefined {
  switch (header.opcode) {
    case OPCODES.ping:
    case OPCODES.pong:
      return 'ping';
    case OPCODES.close:
      return 'framing';
    case OPCODES.text:
      return header.payloadLength === 0 || !engineIoPings ? 'payload' : undefined;
    default:
      return 'payload';
  }
}
