import createDebug from 'debug';
import type { Socket } from 'socket.io';
import { CLIENT_EVENTS, type ClientEventShape, type EventRefusal } from '../../../lib/protocol/socket-events';

const debug = createDebug('ticker:socket');

type EventMiddleware = (event: unknown[], next: (error?: Error) => void) => void;

function shapeOf(name: unknown): ClientEventShape | undefined {
  return typeof name === 'string' && Object.hasOwn(CLIENT_EVENTS, name) ? CLIENT_EVENTS[name as keyof typeof CLIENT_EVENTS] : undefined;
}

/**
 * A Socket.IO event middleware (socket.use) that lets an event through only when it is one of
 * CLIENT_EVENTS, its arguments parse as that event's schema says, and it asks for an acknowledgement
 * exactly when the event takes one. Handlers then get the arguments as parsed. A known event with wrong
 * arguments that asked for an acknowledgement is answered with an EventRefusal, and the client stays;
 * anything else is a protocol error, and the client is disconnected. Either way the event goes no further.
 */
export function guardClientEvents(socket: Socket): EventMiddleware {
  return (event, next) => {
    const [name, ...rest] = event;
    const last = rest.at(-1);
    // Socket.IO appends the acknowledgement as a function; no argument decoded from JSON is one.
    const ack = typeof last === 'function' ? (last as (refusal: EventRefusal) => void) : undefined;
    const args = ack ? rest.slice(0, -1) : rest;
    const disconnect = (message: string) => {
      debug('%s disconnected: %s', socket.id, message);
      socket.disconnect(true);
      next(new Error(message));
    };

    const shape = shapeOf(name);
    if (!shape) return disconnect(`unknown event ${JSON.stringify(name)}`);
    if (shape.ack !== (ack !== undefined)) {
      return disconnect(`${String(name)} ${shape.ack ? 'needs an acknowledgement' : 'takes no acknowledgement'}`);
    }
    const parsed = shape.args.safeParse(args);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => issue.message).join('; ');
      if (!ack) return disconnect(message);
      ack({ kind: 'error', error: message });
      next(new Error(message));
      return;
    }
    event.splice(1, args.length, ...parsed.data);
    next();
  };
}
