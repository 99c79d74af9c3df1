import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { Arrivals } from './arrivals';
import { connectRaw, type RawTls } from './raw-socket';

/** A frame as it came off the wire: its header bytes exactly, and its payload. */
export interface WireFrame {
  readonly header: Buffer;
  readonly opcode: number;
  readonly payload: Buffer;
  /** The payload as text (every frame here is text or close). */
  readonly text: string;
}

/** This client's own count of its bytes, split the way the WebSocket breakdowns split them. */
export interface CountedParts {
  handshake: number;
  frameHeaders: number;
  payload: number;
  pings: number;
}

export interface RawWebSocketOptions {
  /** Header lines to add to the upgrade request, each ending in CRLF. */
  readonly extraHeaders?: string;
  /** Speak TLS, trusting this certificate. */
  readonly tls?: RawTls;
  /** Text frames to send in the same write as the upgrade request, before any answer (RFC 6455 says wait). */
  readonly early?: readonly string[];
  /** Whether to answer the server's ping control frames with pongs, as browsers do. Default true. */
  readonly answerPings?: boolean;
}

/**
 * A whole (FIN) frame as a client sends it, built by hand: the header with a random masking key, and the
 * masked payload.
 */
export function maskedFrame(opcode: number, payload: Buffer): { header: Buffer; bytes: Buffer } {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(length, 2);
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
  const mask = randomBytes(4);
  mask.copy(header, 2 + lengthBytes);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return { header, bytes: Buffer.concat([header, masked]) };
}

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
/** engine.io v4: the server pings with "2" and the client answers "3". */
const ENGINE_PING = '2';
const ENGINE_PONG = '3';

/**
 * A WebSocket client spoken by hand over a TCP (or TLS) socket, engine.io on top of it by hand too when
 * it talks to Socket.IO. It parses the frames it receives and builds the ones it sends itself, without
 * the server's frame code, so every byte it counts is an independent figure: the upgrade request and 101
 * response as handshake, each frame's header (with the masking key on frames it sends) as frame headers,
 * payloads as payload, and ping and pong frames whole as pings: engine.io's text ones, and WebSocket
 * control frames. Close frames count whole as frame headers. Pings of either kind are answered at once
 * (control pings unless told not to). Over TLS the figures are plaintext, as the client reads and writes them.
 */
export class RawWebSocket {
  readonly parts: CountedParts = { handshake: 0, frameHeaders: 0, payload: 0, pings: 0 };
  bytesSent = 0;
  bytesReceived = 0;
  upgradeResponse = '';
  readonly received: WireFrame[] = [];
  /** The frames this client sent: header (masking key included) and unmasked payload. */
  readonly sent: { header: Buffer; payload: Buffer }[] = [];
  pingsAnswered = 0;
  /** Ping control frames received, answered or not. */
  controlPings = 0;
  /** The status code of the close frame the server sent, once it has sent one (1005 for one without a code). */
  closeCode: number | undefined;
  readonly #socket: Socket;
  readonly #answerPings: boolean;
  #buffer = Buffer.alloc(0);
  #upgraded = false;
  readonly #arrivals = new Arrivals();

  private constructor(socket: Socket, answerPings: boolean) {
    this.#socket = socket;
    this.#answerPings = answerPings;
    socket.on('data', (chunk: Buffer) => {
      this.bytesReceived += chunk.length;
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#parse();
      this.#arrivals.wake();
    });
    socket.on('close', () => {
      this.#arrivals.end();
    });
  }

  /** Connects, sends `request` (the upgrade request, exactly as given) and waits for the 101. */
  static async open(port: number, request: string, options: RawWebSocketOptions = {}): Promise<RawWebSocket> {
    const socket = await connectRaw(port, options.tls);
    const client = new RawWebSocket(socket, options.answerPings ?? true);
    onTestFinished(() => void socket.destroy());
    socket.cork();
    client.#write(Buffer.from(request, 'latin1'));
    client.parts.handshake += Buffer.byteLength(request, 'latin1');
    for (const text of options.early ?? []) client.send(text);
    socket.uncork();
    await client.#arrivals.until(() => (client.#upgraded ? true : undefined));
    return client;
  }

  /** An upgrade request for Socket.IO's path as a browser sends it, offering compression as browsers do. */
  static upgradeRequest(query: string, extraHeaders = ''): string {
    return RawWebSocket.upgradeRequestTo(`/socket.io/?EIO=4&transport=websocket&${query}`, extraHeaders);
  }

  /** An upgrade request for `target` (path and query) as a browser sends it, offering compression as browsers do. */
  static upgradeRequestTo(target: string, extraHeaders = ''): string {
    return (
      `GET ${target} HTTP/1.1\r\n` +
      'Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      `Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n${extraHeaders}\r\n`
    );
  }

  get ended(): boolean {
    return this.#arrivals.ended;
  }

  /** Stops reading from the socket, as a client that has stalled: its TCP window fills, then the server's buffers. */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  /** Resolves once the server has closed the connection (and everything before the close has been read). */
  async closed(): Promise<void> {
    while (!this.#arrivals.ended) await this.#arrivals.next();
  }

  /** Sends one masked text frame. */
  send(text: string): void {
    const payload = Buffer.from(text, 'utf8');
    const header = this.#frame(OPCODE_TEXT, payload);
    if (text === ENGINE_PONG) this.parts.pings += header.length + payload.length;
    else {
      this.parts.frameHeaders += header.length;
      this.parts.payload += payload.length;
    }
  }

  /** Sends a ping control frame. */
  ping(payload = ''): void {
    const bytes = Buffer.from(payload, 'utf8');
    const header = this.#frame(OPCODE_PING, bytes);
    this.parts.pings += header.length + bytes.length;
  }

  /** Sends a close frame with this status code. */
  close(code = 1000): void {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    const header = this.#frame(OPCODE_CLOSE, payload);
    this.parts.frameHeaders += header.length + payload.length;
  }

  /** The first frame from now on, or already received and not yet taken, whose text passes `match`. */
  async next(match: (text: string) => boolean, from = 0): Promise<WireFrame> {
    return this.#arrivals.until(() => this.received.slice(from).find((frame) => match(frame.text)));
  }

  /** Writes a whole masked frame and returns its header. */
  #frame(opcode: number, payload: Buffer): Buffer {
    const { header, bytes } = maskedFrame(opcode, payload);
    this.sent.push({ header, payload });
    this.#write(bytes);
    return header;
  }

  #write(bytes: Buffer): void {
    this.bytesSent += bytes.length;
    this.#socket.write(bytes);
  }

  #parse(): void {
    if (!this.#upgraded) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.upgradeResponse = this.#buffer.subarray(0, end + 4).toString('latin1');
      if (!this.upgradeResponse.startsWith('HTTP/1.1 101 ')) throw new Error(`upgrade refused: ${this.upgradeResponse}`);
      this.parts.handshake += end + 4;
      this.#buffer = this.#buffer.subarray(end + 4);
      this.#upgraded = true;
    }
    for (;;) {
      if (this.#buffer.length < 2) return;
      const first = this.#buffer[0] ?? 0;
      const second = this.#buffer[1] ?? 0;
      if (second & 0x80) throw new Error('the server masked a frame');
      const code = second & 0x7f;
      const headerLength = code === 126 ? 4 : code === 127 ? 10 : 2;
      if (this.#buffer.length < headerLength) return;
      const length = code === 126 ? this.#buffer.readUInt16BE(2) : code === 127 ? Number(this.#buffer.readBigUInt64BE(2)) : code;
      if (this.#buffer.length < headerLength + length) return;
      const header = Buffer.from(this.#buffer.subarray(0, headerLength));
      const payload = Buffer.from(this.#buffer.subarray(headerLength, headerLength + length));
      this.#buffer = this.#buffer.subarray(headerLength + length);
      const frame: WireFrame = { header, opcode: first & 0x0f, payload, text: payload.toString('utf8') };
      this.received.push(frame);
      if (frame.opcode === OPCODE_CLOSE) {
        this.parts.frameHeaders += headerLength + length;
        this.closeCode = length >= 2 ? payload.readUInt16BE(0) : 1005;
      } else if (frame.opcode === OPCODE_PING) {
        this.parts.pings += headerLength + length;
        this.controlPings += 1;
        if (this.#answerPings) {
          const pong = this.#frame(OPCODE_PONG, payload);
          this.parts.pings += pong.length + payload.length;
          this.pingsAnswered += 1;
        }
      } else if (frame.opcode === OPCODE_PONG) {
        this.parts.pings += headerLength + length;
      } else if (frame.text === ENGINE_PING) {
        this.parts.pings += headerLength + length;
        this.send(ENGINE_PONG);
        this.pingsAnswered += 1;
      } else {
        this.parts.frameHeaders += headerLength;
        this.parts.payload += length;
      }
    }
  }
}
