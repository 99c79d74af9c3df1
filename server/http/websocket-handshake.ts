import type { IncomingMessage } from 'node:http';
import { socketHandshakeHeadersSchema } from '../../lib/protocol/socket-handshake';

/** Why a request is refused, as an HTTP status and a message for its JSON body. */
export interface HandshakeRefusal {
  readonly status: number;
  readonly message: string;
}

/**
 * Why an upgrade request is not a WebSocket handshake this server takes (a GET with the headers of RFC 6455
 * §4.1, as browsers send them), or undefined when it is one. Checked before ws reads it: ws would refuse
 * the same requests, but in plain text or HTML rather than the JSON every other refusal here is.
 */
export function webSocketHandshakeRefusal(req: IncomingMessage): HandshakeRefusal | undefined {
  if (req.method !== 'GET') return { status: 400, message: `a WebSocket handshake is a GET, not ${req.method ?? ''}` };
  const headers = socketHandshakeHeadersSchema.safeParse(req.headers);
  if (!headers.success) return { status: 400, message: headers.error.issues.map((issue) => issue.message).join('; ') };
  return undefined;
}
