import { ServerResponse, type IncomingMessage } from 'node:http';
import createDebug from 'debug';
import { socketHandshakeQuerySchema } from '../../../lib/protocol/socket-handshake';
import { SOCKET_PATH } from '../../../lib/protocol/socket-events';
import { rawErrorResponse, sendError } from '../../http/response';
import { MAX_URL_LENGTH } from '../../guard/input-limits';
import { parseQuery } from '../../http/query-params';
import { webSocketHandshakeRefusal } from '../../http/websocket-handshake';

const debug = createDebug('ticker:handshake');

interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A judgement made before the handshake's own checks: the abuse limits (see request-guard.ts). */
export type HandshakeAdmission = (req: IncomingMessage) => Refusal | undefined;

/** engine.io hands an upgrade a stand-in for the response; only plain requests come with a real one. */
function isServerResponse(res: unknown): res is ServerResponse {
  return res instanceof ServerResponse;
}

/** Why a request on Socket.IO's path cannot open a connection, or undefined when it can. */
function refusalOf(req: IncomingMessage, upgrade: boolean): Refusal | undefined {
  const rawUrl = req.url ?? '';
  if (rawUrl.length > MAX_URL_LENGTH) return { status: 414, message: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  const queryAt = rawUrl.indexOf('?');
  const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  // engine.io takes every path under its own; only the path itself opens a connection.
  if (pathname !== `${SOCKET_PATH}/`) return { status: 404, message: `nothing at ${pathname}` };
  if (!upgrade) {
    return { status: 400, message: `Socket.IO here is WebSocket-only: open a WebSocket to ${SOCKET_PATH}/?EIO=4&transport=websocket` };
  }
  const notWebSocket = webSocketHandshakeRefusal(req);
  if (notWebSocket) return notWebSocket;
  const query = parseQuery(new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)), socketHandshakeQuerySchema);
  if (!query.ok) return { status: 400, message: query.message };
  return undefined;
}

/**
 * An engine.io middleware: every request on Socket.IO's path passes here before engine.io or ws read any
 * of it. A request that cannot open a connection — refused by `admit` (too many connections, a foreign
 * origin) or malformed — gets the server's usual JSON error with its own status, whether it arrived as
 * plain HTTP (a long-polling attempt) or as an upgrade. engine.io would answer a refusal of its
 * `allowRequest` with a 400 in plain text (or text/html for an upgrade), and a protocol other than 4
 * with a 101 followed by an HTTP error written into the WebSocket.
 */
export function socketHandshakeGate(
  admit: HandshakeAdmission = () => undefined,
): (req: IncomingMessage, res: unknown, next: (error?: Error) => void) => void {
  return (req, res, next) => {
    const upgrade = !isServerResponse(res);
    const refusal = admit(req) ?? refusalOf(req, upgrade);
    if (!refusal) {
      next();
      return;
    }
    debug('refused %s %s: %s', req.method, req.url, refusal.message);
    if (isServerResponse(res)) sendError(res, refusal.status, refusal.message, refusal.headers);
    // Ended first, so engine.io's own refusal, which follows, finds the socket no longer writable and only destroys it.
    else req.socket.end(rawErrorResponse(refusal.status, refusal.message));
    next(new Error(refusal.message));
  };
}
