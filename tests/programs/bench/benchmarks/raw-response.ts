import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The whole response as it came off the wire: status line, headers, body. */
  readonly wire: Buffer;
}

const TIMEOUT_MS = 5_000;

/**
 * One keep-alive GET over a plain TCP socket, read up to its Content-Length, so that two servers'
 * responses can be compared byte for byte (Node's http client would hide the raw header block).
 */
export function fetchRaw(port: number, target: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(TIMEOUT_MS, () => fail(new Error(`no whole response from port ${port} within ${TIMEOUT_MS} ms`)));
    socket.once('error', fail);
    socket.once('end', () => fail(new Error(`port ${port} closed the connection mid-response`)));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const [statusLine = '', ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length']);
      if (!Number.isInteger(length)) return fail(new Error(`response without a Content-Length: ${statusLine}`));
      const end = headEnd + 4 + length;
      if (buffer.length < end) return;
      socket.destroy();
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]),
        headers,
        body: buffer.subarray(headEnd + 4, end),
        wire: buffer.subarray(0, end),
      });
    });
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
  });
}

/** The response without its Date header, the one line two identical servers legitimately differ in. */
export function withoutDate(wire: Buffer): string {
  return wire.toString('latin1').replace(/\r\nDate: [^\r]*/i, '');
}
