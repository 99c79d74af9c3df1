import { connect } from 'node:net';

const OPCODE_CLOSE = 0x8;

export interface WebSocketExchange {
  /** Whether the server answered the upgrade request with 101 Switching Protocols. */
  readonly upgraded: boolean;
  /**
   * The status code of the close frame the server sent (1005 for one without a code), or undefined if it
   * sent none before the connection ended or the time ran out.
   */
  readonly closeCode: number | undefined;
  /** Whether the server closed the connection, or began to close the WebSocket, before the time ran out. */
  readonly closed: boolean;
}

/** The code of the first close frame among the server's frames in `data`; undefined if there is none (yet). */
function closeCodeIn(data: Buffer): number | undefined {
  let at = 0;
  while (data.length >= at + 2) {
    const first = data[at] ?? 0;
    const code = (data[at + 1] ?? 0) & 0x7f;
    const headerLength = code === 126 ? 4 : code === 127 ? 10 : 2;
    if (data.length < at + headerLength) return undefined;
    const length = code === 126 ? data.readUInt16BE(at + 2) : code === 127 ? Number(data.readBigUInt64BE(at + 2)) : code;
    if (data.length < at + headerLength + length) return undefined;
    if ((first & 0x0f) === OPCODE_CLOSE) return length >= 2 ? data.readUInt16BE(at + headerLength) : 1005;
    at += headerLength + length;
  }
  return undefined;
}

/**
 * One connection that writes an upgrade request and, behind it, `frames`, keeps its own side open (a
 * half-close would itself make the server close), and watches until the server closes the WebSocket (a
 * close frame) or the connection, or for at most `timeoutMs`. It answers nothing, not even pings.
 */
export function webSocketExchange(port: number, request: Buffer, frames: readonly Buffer[], timeoutMs: number): Promise<WebSocketExchange> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const socket = connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const headEnd = data.indexOf('\r\n\r\n');
      const upgraded = data.subarray(0, 13).toString('latin1') === 'HTTP/1.1 101 ';
      resolve({ upgraded, closeCode: upgraded && headEnd >= 0 ? closeCodeIn(data.subarray(headEnd + 4)) : undefined, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const headEnd = data.indexOf('\r\n\r\n');
      if (headEnd >= 0 && closeCodeIn(data.subarray(headEnd + 4)) !== undefined) finish(true);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.write(Buffer.concat([request, ...frames]));
  });
}
