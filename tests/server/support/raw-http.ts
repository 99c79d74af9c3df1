import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The status line and header lines as received, up to and including the empty line. */
  readonly head: string;
  readonly body: string;
  /** Every byte of the response as it came off the wire: status line, headers and body. */
  readonly wireBytes: number;
}

/**
 * One HTTP/1.1 connection spoken by hand over a plain TCP socket, one request at a time. It counts every
 * byte it writes and reads itself, so byte accounting on the server can be checked against an
 * independent figure. Responses need a Content-Length or chunked framing (no trailers).
 */
export class RawHttpConnection {
  bytesSent = 0;
  bytesReceived = 0;
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #waiter: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.bytesReceived += chunk.length;
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#waiter?.();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#waiter?.();
    });
  }

  static async open(port: number): Promise<RawHttpConnection> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const connection = new RawHttpConnection(socket);
    onTestFinished(() => connection.close());
    return connection;
  }

  /** Whether the server has ended the connection. */
  get ended(): boolean {
    return this.#ended;
  }

  /** A plain GET with only the Host header: the smallest request a client can make. */
  get(target: string, method = 'GET'): Promise<RawResponse> {
    return this.send(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, method === 'HEAD');
  }

  /** Writes `request` exactly as given and reads one response. */
  async send(request: string, bodiless = false): Promise<RawResponse> {
    this.write(request);
    return this.#readResponse(bodiless);
  }

  /** Reads the next response, e.g. one of several requests written at once (pipelined). */
  read(bodiless = false): Promise<RawResponse> {
    return this.#readResponse(bodiless);
  }

  /** Writes `request` without waiting for an answer, e.g. to open an event stream that never ends. */
  write(request: string): void {
    const bytes = Buffer.from(request, 'latin1');
    this.bytesSent += bytes.length;
    this.#socket.write(bytes);
  }

  close(): void {
    this.#socket.destroy();
  }

  async #readResponse(bodiless: boolean): Promise<RawResponse> {
    const headEnd = await this.#until(() => {
      const at = this.#buffer.indexOf('\r\n\r\n');
      return at < 0 ? undefined : at + 4;
    });
    const head = this.#buffer.subarray(0, headEnd).toString('latin1');
    const [statusLine = '', ...lines] = head.slice(0, -4).split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (!bodiless && headers['transfer-encoding'] === 'chunked') return this.#readChunked(status, headers, head);
    const length = bodiless ? 0 : Number(headers['content-length']);
    if (!Number.isInteger(length)) throw new Error(`response without a Content-Length: ${statusLine}`);
    const end = await this.#until(() => (this.#buffer.length >= headEnd + length ? headEnd + length : undefined));
    const body = this.#buffer.subarray(headEnd, end).toString('utf8');
    this.#buffer = this.#buffer.subarray(end);
    return { status, headers, head, body, wireBytes: end };
  }

  /** A chunked body: size lines in hex, each chunk followed by CRLF, ended by a zero-size chunk. */
  async #readChunked(status: number, headers: Record<string, string>, head: string): Promise<RawResponse> {
    let at = head.length;
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = await this.#until(() => {
        const found = this.#buffer.indexOf('\r\n', at);
        return found < 0 ? undefined : found;
      });
      const size = Number.parseInt(this.#buffer.subarray(at, lineEnd).toString('latin1'), 16);
      const chunkEnd = lineEnd + 2 + size + 2;
      await this.#until(() => (this.#buffer.length >= chunkEnd ? true : undefined));
      parts.push(this.#buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = chunkEnd;
      if (size === 0) break;
    }
    const body = Buffer.concat(parts).toString('utf8');
    this.#buffer = this.#buffer.subarray(at);
    return { status, headers, head, body, wireBytes: at };
  }

  async #until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (this.#ended) throw new Error('the server ended the connection before a whole response arrived');
      await new Promise<void>((resolve) => (this.#waiter = resolve));
      this.#waiter = undefined;
    }
  }
}
