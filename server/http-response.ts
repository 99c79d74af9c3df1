import type { ServerResponse } from 'node:http';

/**
 * Sends a JSON body with an exact Content-Length. Chunked framing would add bytes that depend on how the
 * body happened to be written; a fixed length keeps each poll's size a property of its content.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, JSON.stringify({ error: message }), headers);
}
