import type { Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { Arrivals } from './arrivals';
import { connectRaw, type RawTls } from './raw-socket';

/** One event as it came off the wire. */
export interface WireEvent {
  /** Its `event:` value, or "message" without one. */
  readonly event: string;
  /** Its own `id:` value, if it has one. */
  readonly id: string | undefined;
  /** Its `data:` values, joined by line feeds as a browser joins them. */
  readonly data: string;
  /** Its text exactly as sent, from its first line to the blank line that ends it. */
  readonly text: string;
}

/** This client's own count of its bytes, split the way the SSE breakdown splits them (see sse-api.ts). */
export interface CountedEventParts {
  requestHeaders: number;
  responseHeaders: number;
  chunkFraming: number;
  eventFraming: number;
  data: number;
}

export interface RawEventStreamOptions {
  /** Header lines to add to the request, each ending in CRLF. */
  readonly extraHeaders?: string;
  /** Speak TLS, trusting this certificate. */
  readonly tls?: RawTls;
}

/**
 * A GET of an event stream spoken by hand over a TCP (or TLS) socket. It reads the chunked encoding and
 * the events itself, without the server's code, so every byte it counts is an independent figure: the
 * request, the response head, each chunk's size line and CRLFs, and within the events the values of
 * `data:` lines (data) apart from everything else (event framing). Over TLS the figures are plaintext.
 * Closed when the current test finishes.
 */
export class RawEventStream {
  readonly parts: CountedEventParts = { requestHeaders: 0, responseHeaders: 0, chunkFraming: 0, eventFraming: 0, data: 0 };
  bytesSent = 0;
  bytesReceived = 0;
  status = 0;
  /** Header names in lower case. */
  readonly headers: Record<string, string> = {};
  readonly events: WireEvent[] = [];
  /** The `retry:` values, in the order they came. */
  readonly retries: number[] = [];
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #headRead = false;
  /** The chunked body's text not yet read as whole events. */
  #body = '';
  #streamEnded = false;
  readonly #arrivals = new Arrivals();

  private constructor(socket: Socket) {
    this.#socket = socket;
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

  /** Connects, sends a GET of `target` and waits for the response head. */
  static async open(port: number, target: string, options: RawEventStreamOptions = {}): Promise<RawEventStream> {
    const socket = await connectRaw(port, options.tls);
    const stream = new RawEventStream(socket);
    onTestFinished(() => void socket.destroy());
    const request = Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${options.extraHeaders ?? ''}\r\n`, 'latin1');
    stream.bytesSent += request.length;
    stream.parts.requestHeaders += request.length;
    socket.write(request);
    await stream.#arrivals.until(() => (stream.#headRead ? true : undefined));
    if (stream.status !== 200 || stream.headers['transfer-encoding'] !== 'chunked') {
      throw new Error(`${target} answered ${stream.status} without a chunked stream: ${stream.#buffer.toString('latin1')}`);
    }
    return stream;
  }

  /** Whether the server has sent the end of the chunked body. */
  get streamEnded(): boolean {
    return this.#streamEnded;
  }

  get closed(): boolean {
    return this.#arrivals.ended;
  }

  /** Stops reading from the socket, as a client that has stalled: its TCP window fills, then the server's buffers. */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  close(): void {
    this.#socket.destroy();
  }

  /** The first event from index `from` on, received or still to come, that passes `match`. */
  next(match: (event: WireEvent) => boolean = () => true, from = 0): Promise<WireEvent> {
    return this.#arrivals.until(() => this.events.slice(from).find(match));
  }

  /** Resolves once the server has closed the connection. */
  async ended(): Promise<void> {
    while (!this.#arrivals.ended) await this.#arrivals.next();
  }

  #parse(): void {
    if (!this.#headRead) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.#buffer.subarray(0, end).toString('latin1');
      const [statusLine = '', ...lines] = head.split('\r\n');
      this.status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
      for (const line of lines) {
        const colon = line.indexOf(':');
        this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      this.parts.responseHeaders += end + 4;
      this.#buffer = this.#buffer.subarray(end + 4);
      this.#headRead = true;
    }
    // Any other answer is left in the buffer, for open() to show.
    if (this.status !== 200 || this.headers['transfer-encoding'] !== 'chunked') return;
    while (!this.#streamEnded) {
      const lineEnd = this.#buffer.indexOf('\r\n');
      if (lineEnd < 0) break;
      const size = Number.parseInt(this.#buffer.subarray(0, lineEnd).toString('latin1'), 16);
      const chunkEnd = lineEnd + 2 + size + 2;
      if (this.#buffer.length < chunkEnd) break;
      this.parts.chunkFraming += lineEnd + 2 + 2;
      this.#body += this.#buffer.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
      this.#buffer = this.#buffer.subarray(chunkEnd);
      if (size === 0) this.#streamEnded = true;
    }
    this.#readEvents();
  }

  /** Reads every whole event (ended by a blank line) in the body so far, as the EventSource spec says; lines end in LF. */
  #readEvents(): void {
    for (;;) {
      const end = this.#body.indexOf('\n\n');
      if (end < 0) return;
      const text = this.#body.slice(0, end + 2);
      this.#body = this.#body.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      let dataBytes = 0;
      for (const line of text.slice(0, -2).split('\n')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'id') id = value;
        else if (field === 'retry') this.retries.push(Number(value));
        else if (field === 'data') {
          data.push(value);
          dataBytes += Buffer.byteLength(value);
        }
      }
      this.parts.data += dataBytes;
      this.parts.eventFraming += Buffer.byteLength(text) - dataBytes;
      // A block without data (the `retry:` line alone) is not an event a browser would dispatch.
      if (data.length > 0) this.events.push({ event, id, data: data.join('\n'), text });
    }
  }
}
