import { connect, type Socket } from 'node:net';
import { maskedFrame, RawWebSocket } from './raw-websocket';

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;

/** What became of a connection after an input: it answered a probe sent behind it, or the server closed it. */
export type ProbeOutcome = 'answered' | 'closed' | 'timeout';

/**
 * A Socket.IO connection spoken by hand, for sending anything at all and then asking whether the server
 * is still answering: a subscribe with an acknowledgement sent behind the input comes back, or the
 * server has closed the connection. It answers engine.io pings, and counts refusals (acknowledgements
 * with an error) it receives.
 */
export class ProbingWebSocket {
  refusals = 0;
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #upgraded = false;
  #closed = false;
  #messages: string[] = [];
  #wake: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#read();
      this.#wake?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  /** A connection to the main namespace, ready for input; rejects if it cannot get there within `timeoutMs`. */
  static async open(port: number, timeoutMs: number): Promise<ProbingWebSocket> {
    const socket = connect({ host: '127.0.0.1', port });
    const client = new ProbingWebSocket(socket);
    socket.write(RawWebSocket.upgradeRequest(''));
    const opened = await client.#until((message) => message.startsWith('0'), timeoutMs);
    client.send([maskedFrame(OPCODE_TEXT, Buffer.from('40')).bytes]);
    const joined = opened && (await client.#until((message) => message.startsWith('40'), timeoutMs));
    if (!joined) {
      client.destroy();
      throw new Error('could not open a Socket.IO connection');
    }
    return client;
  }

  send(frames: readonly Buffer[]): void {
    if (!this.#closed) this.#socket.write(Buffer.concat(frames));
  }

  /** Sends a subscribe asking for acknowledgement `id` and waits for that, or for the connection to close. */
  async probe(id: number, timeoutMs: number): Promise<ProbeOutcome> {
    this.send([maskedFrame(OPCODE_TEXT, Buffer.from(`42${id}["subscribe",{}]`)).bytes]);
    const answered = await this.#until((message) => message.startsWith(`43${id}[`), timeoutMs);
    if (answered) return 'answered';
    return this.#closed ? 'closed' : 'timeout';
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Takes messages until one passes `match` (true), the connection closes or time runs out (false). */
  async #until(match: (message: string) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.#messages.shift();
      if (message !== undefined) {
        if (match(message)) return true;
        continue;
      }
      const left = deadline - Date.now();
      if (this.#closed || left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  #read(): void {
    if (!this.#upgraded) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!this.#buffer.subarray(0, 13).equals(Buffer.from('HTTP/1.1 101 '))) return this.#close();
      this.#buffer = this.#buffer.subarray(end + 4);
      this.#upgraded = true;
    }
    for (;;) {
      const first = this.#buffer[0];
      const second = this.#buffer[1];
      if (first === undefined || second === undefined) return;
      const code = second & 0x7f;
      const headerLength = code === 126 ? 4 : code === 127 ? 10 : 2;
      if (this.#buffer.length < headerLength) return;
      const length = code === 126 ? this.#buffer.readUInt16BE(2) : code === 127 ? Number(this.#buffer.readBigUInt64BE(2)) : code;
      if (this.#buffer.length < headerLength + length) return;
      const payload = this.#buffer.subarray(headerLength, headerLength + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(headerLength + length);
      if ((first & 0x0f) === OPCODE_CLOSE) return this.#close();
      if (payload === '2') this.send([maskedFrame(OPCODE_TEXT, Buffer.from('3')).bytes]);
      else {
        if (/^43\d+\[\{"kind":"error"/.test(payload)) this.refusals += 1;
        this.#messages.push(payload);
      }
    }
  }

  /** The server has closed, or is closing, the WebSocket: nothing more will be answered. */
  #close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }
}
