import type { IncomingMessage } from 'node:http';

export interface BodyRefusal {
  readonly status: 411 | 413;
  readonly message: string;
}

/**
 * Why a request's body is refused before anyone reads it, or undefined when it may be read: `maxBytes` 0
 * means the path takes no body. Decided from the headers alone; Node's parser has already refused a
 * request with both framings or a malformed length. A body of unknown length (chunked) is refused
 * outright, since its size is only known once it has been read.
 */
export function bodyRefusal(req: IncomingMessage, maxBytes: number): BodyRefusal | undefined {
  const { 'content-length': length, 'transfer-encoding': encoding } = req.headers;
  const declared = length === undefined ? 0 : Number(length);
  if (encoding === undefined && declared === 0) return undefined;
  if (maxBytes === 0) return { status: 413, message: `${req.method ?? ''} requests here take no body` };
  if (encoding !== undefined) return { status: 411, message: 'a request body needs a Content-Length' };
  if (declared > maxBytes) return { status: 413, message: `a request body may be at most ${maxBytes} bytes` };
  return undefined;
}
