import { connect } from 'node:net';

export interface RawExchange {
  /** Every byte the server sent. */
  readonly data: Buffer;
  /** Whether the server closed the connection before the time ran out. */
  readonly closed: boolean;
}

/**
 * One connection that writes `bytes`, says it has nothing more to send, and collects what the server
 * sends until it closes the connection, or for at most `timeoutMs`.
 */
export function rawExchange(port: number, bytes: Buffer, timeoutMs: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the server's answer (it closed with part of the request unread) still ends the exchange.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.end(bytes);
  });
}

export interface ParsedResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The final HTTP responses in `data`, one after another (framed by Content-Length or chunked, or without
 * a body), interim ones skipped; whatever cannot be read as a whole response is returned as `rest`.
 */
export function parseResponses(data: Buffer): { responses: ParsedResponse[]; rest: Buffer } {
  const responses: ParsedResponse[] = [];
  let at = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const [statusLine = '', ...lines] = data.subarray(at, headEnd).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1];
    if (status === undefined) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    // An interim answer (100 Continue to an Expect) is a head alone, and the real answer follows.
    if (status.startsWith('1')) {
      at = bodyStart;
      continue;
    }
    let body: Buffer;
    let end: number;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      let chunkAt = bodyStart;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', chunkAt);
        if (lineEnd < 0) return { responses, rest: data.subarray(at) };
        const size = Number.parseInt(data.subarray(chunkAt, lineEnd).toString('latin1'), 16);
        if (!Number.isInteger(size) || data.length < lineEnd + 2 + size + 2) return { responses, rest: data.subarray(at) };
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        chunkAt = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
      end = chunkAt;
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < bodyStart + length) break;
      body = data.subarray(bodyStart, bodyStart + length);
      end = bodyStart + length;
    }
    responses.push({ status: Number(status), headers, body: body.toString('utf8') });
    at = end;
  }
  return { responses, rest: data.subarray(at) };
}
