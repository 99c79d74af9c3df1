import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import createDebug from 'debug';
import { waitingPackets } from '../transports/socket-io/engine-write-buffer';

const debug = createDebug('ticker:slow');

/**
 * How much may wait in this process for one connection that is not reading: past it, and not going down,
 * the connection is cut. 512 KiB is minutes of ticks at the default 20 symbols and about ten seconds at
 * 500 symbols every 10 ms (the largest market the options allow), on top of what the kernel holds.
 */
export const MAX_UNSENT_BYTES = 512 * 1024;
/** How often every connection is checked: no work per tick or per subscriber on the hot path. */
export const SLOW_CHECK_INTERVAL_MS = 1000;

/** An engine.io connection as far as the check reads it: `request.socket` is the socket its WebSocket writes into. */
interface EngineConnection extends EventEmitter {
  readonly request: IncomingMessage;
}

/** The engine.io server, as far as the check listens to it. */
interface ConnectionEvents {
  on(event: 'connection', listener: (socket: EngineConnection) => void): unknown;
  off(event: 'connection', listener: (socket: EngineConnection) => void): unknown;
}

/** Bytes this process holds for `connection` that have not reached the kernel: queued packets and socket buffer. */
export function unsentBytes(connection: EngineConnection): number {
  let bytes = connection.request.socket.writableLength;
  for (const packet of waitingPackets(connection)) {
    const data: unknown = typeof packet === 'object' && packet !== null ? Reflect.get(packet, 'data') : undefined;
    if (typeof data === 'string' || Buffer.isBuffer(data)) bytes += data.length;
  }
  return bytes;
}

/**
 * The rule every slow reader is cut by (see SlowConsumers): over MAX_UNSENT_BYTES at two checks in a row,
 * and not gone down between them. Asked about each reader once a check, then told the check is over.
 */
export class StalledReaders<Reader> {
  /** Readers over the limit at the last check, with what they held then. */
  #over = new Map<Reader, number>();
  #next = new Map<Reader, number>();

  /** Whether `reader`, holding `unsent` bytes now, has stopped reading. */
  stalled(reader: Reader, unsent: number): boolean {
    if (unsent <= MAX_UNSENT_BYTES) return false;
    const before = this.#over.get(reader);
    if (before !== undefined && unsent >= before) {
      debug('%d bytes unsent, %d a check ago', unsent, before);
      return true;
    }
    this.#next.set(reader, unsent);
    return false;
  }

  /** The check is over: what was over the limit in it is what the next one compares with; the rest is forgotten. */
  checked(): void {
    this.#over = this.#next;
    this.#next = new Map();
  }
}

/**
 * Cuts Socket.IO connections whose reader has stopped. A client that stops reading fills its TCP window,
 * then the kernel's buffers, and then engine.io and Node keep every tick for it in memory, without limit.
 * Once a second each connection's unsent bytes are read; one over MAX_UNSENT_BYTES at two checks in a row,
 * without having gone down between them, is closed at once (its socket destroyed: a close handshake would
 * wait on the very reader that stopped).
 *
 * Cut rather than skip ticks: the client reconnects by itself and resumes from its last tick, and the
 * market's history replays what it missed, in order. Skipped ticks would be a gap it could only report.
 * "Not gone down" spares a reader that is catching up on a large backlog (a reconnect's catch-up at 500
 * symbols is megabytes) at the speed of its link: it drains, while a stopped one only grows.
 */
export class SlowConsumers {
  readonly #connections = new Set<EngineConnection>();
  readonly #stalls = new StalledReaders<EngineConnection>();
  readonly #events: ConnectionEvents;
  readonly #onCut: () => void;
  readonly #timer: NodeJS.Timeout;

  constructor(events: ConnectionEvents, onCut: () => void) {
    this.#events = events;
    this.#onCut = onCut;
    events.on('connection', this.#track);
    this.#timer = setInterval(() => this.check(), SLOW_CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  /** One check of every connection; runs every SLOW_CHECK_INTERVAL_MS by itself. */
  check(): void {
    for (const connection of this.#connections) {
      if (!this.#stalls.stalled(connection, unsentBytes(connection))) continue;
      debug('cutting %s', connection.request.socket.remoteAddress);
      this.#connections.delete(connection);
      connection.request.socket.destroy();
      this.#onCut();
    }
    this.#stalls.checked();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#events.off('connection', this.#track);
    this.#connections.clear();
    this.#stalls.checked();
  }

  readonly #track = (connection: EngineConnection): void => {
    this.#connections.add(connection);
    connection.once('close', () => this.#connections.delete(connection));
  };
}
