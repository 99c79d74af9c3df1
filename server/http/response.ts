import { STATUS_CODES, type ServerResponse } from 'node:http';

/**
 * Sends a JSON body with an exact Content-Length, and returns that length. Chunked framing would add
 * bytes that depend on how the body happened to be written; a fixed length keeps each poll's size a
 * property of its content.
 */
export function sendJson(res: ServerResponse, status: number, body: string | Buffer, headers: Readonly<Record<string, string>> = {}): number {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': length,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
  return length;
}

/** Sends `{"error": message}` and returns that body. */
export function sendError(res: ServerResponse, status: number, message: string, headers: Readonly<Record<string, string>> = {}): string {
  const body = JSON.stringify({ error: message });
  sendJson(res, status, body, headers);
  return body;
}

/** Sends the 405 for a method other than those in `allow` (e.g. "GET, HEAD"), and returns its body. */
export function sendMethodNotAllowed(res: ServerResponse, method: string | undefined, allow: string): string {
  return sendError(res, 405, `method ${method ?? ''} is not allowed; use GET`, { allow });
}

/**
 * A whole error response written straight to a socket, for requests that have no ServerResponse (a
 * request Node's parser gave up on, a refused upgrade): JSON like the rest, and the connection closes.
 */
export function rawErrorResponse(status: number, message: string): string {
  const body = JSON.stringify({ error: message });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
