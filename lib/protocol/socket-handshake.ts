import { z } from 'zod';
import { tabIdSchema } from './tab-id';

/**
 * The query of a Socket.IO handshake as this server accepts it: Engine.IO protocol 4 over a WebSocket,
 * from the start. There is no `sid` because a connection never upgrades from long-polling, and no other
 * parameter because no client here sends one.
 */
export const socketHandshakeQuerySchema = z.strictObject({
  EIO: z.literal('4', 'must be 4: this server speaks Engine.IO protocol 4 only'),
  transport: z.literal('websocket', 'must be websocket: this server does not offer long-polling'),
  tab: tabIdSchema.optional(),
});

/**
 * The headers that make a request a WebSocket handshake (RFC 6455 §4.1), as browsers send them. No
 * subprotocol is spoken here, so a client asking for one is refused rather than left to guess.
 */
export const socketHandshakeHeadersSchema = z.object({
  upgrade: z.string().regex(/^websocket$/i, 'the Upgrade header must be websocket'),
  'sec-websocket-key': z
    .string('the Sec-WebSocket-Key header is required')
    .regex(/^[+/0-9A-Za-z]{22}==$/, 'the Sec-WebSocket-Key header must be 16 bytes in base64'),
  'sec-websocket-version': z.literal('13', 'the Sec-WebSocket-Version header must be 13'),
  'sec-websocket-protocol': z.never('no WebSocket subprotocol is spoken here').optional(),
});
