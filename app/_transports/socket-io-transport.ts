import { io, type Socket } from 'socket.io-client';
import { errorMessage } from '@/lib/format/error-message';
import { RETRY_BASE_MS, RETRY_MAX_MS } from '@/lib/net/backoff';
import { SilenceWatchdog, tickSilenceLimitMs } from '@/lib/net/silence-watchdog';
import { decodeFeedMessage } from '@/lib/protocol/feed-message';
import {
  eventRefusalSchema,
  SHUTDOWN_EVENT,
  SOCKET_PATH,
  TICK_EVENT,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeRequest,
} from '@/lib/protocol/socket-events';
import { decodeTick } from '@/lib/protocol/tick-codec';
import type { Transport, TransportSink } from './transport';

type TickerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SHUTDOWN_NOTE = 'the server said it was shutting down';

const TRANSPORT_NAMES: Readonly<Record<string, string>> = { websocket: 'WebSocket', polling: 'HTTP long-polling' };

/**
 * Ticks over Socket.IO, WebSocket transport only, one connection for as long as the mode is on. On every
 * (re)connect it subscribes from the tab's position, so ticks missed while down are replayed in order.
 * A connection that goes quiet without closing is closed and reconnected (see SilenceWatchdog).
 */
export class SocketIoTransport implements Transport {
  readonly mode = 'socketio' as const;
  #socket: TickerSocket | null = null;
  #watchdog: SilenceWatchdog | null = null;

  /** `origin` is the page's own unless given (a test's server, say). */
  constructor(
    private readonly tab: string,
    private readonly origin?: string,
  ) {}

  start(sink: TransportSink): void {
    if (this.#socket) return;
    const options = {
      path: SOCKET_PATH,
      transports: ['websocket'],
      query: { tab: this.tab },
      reconnectionDelay: RETRY_BASE_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      randomizationFactor: 0.5,
    };
    const socket: TickerSocket = this.origin === undefined ? io(options) : io(this.origin, options);
    this.#socket = socket;
    const transportName = () => TRANSPORT_NAMES[socket.io.engine.transport.name] ?? socket.io.engine.transport.name;
    // Why this side dropped the connection, if it did: the status says that rather than "transport close".
    let dropReason: string | null = null;
    // Closing the engine, not the socket: the manager then reconnects as after any lost transport, and the
    // new connection subscribes from the last tick applied, so nothing is skipped.
    const drop = (reason: string) => {
      dropReason = reason;
      sink.status({ state: 'reconnecting', transport: 'WebSocket', detail: reason });
      socket.io.engine.close();
    };
    const watchdog = new SilenceWatchdog({
      limitMs: tickSilenceLimitMs(sink.tickIntervalMs()),
      onSilence: (silentMs) => drop(`no tick for ${Math.round(silentMs / 1000)} s`),
    });
    this.#watchdog = watchdog;
    // A message that does not decode is a broken connection, as a poll answer that does not decode is to
    // the polling transport: a status and a new connection, never an exception thrown into socket.io-client.
    const decoded = <T>(decode: () => T): T | undefined => {
      try {
        return decode();
      } catch (error) {
        drop(`a message from the server could not be read: ${errorMessage(error)}`);
        return undefined;
      }
    };
    // Set when the server says it is going away: until the next connect, the drop is a restart, not a fault.
    let restarting = false;
    const down = (detail: string) =>
      sink.status(
        restarting
          ? { state: 'restarting', transport: 'WebSocket', detail: `${SHUTDOWN_NOTE}; then: ${detail}` }
          : { state: 'reconnecting', transport: 'WebSocket', detail },
      );

    socket.on('connect', () => {
      watchdog.start();
      restarting = false;
      dropReason = null;
      sink.status({ state: 'connected', transport: transportName() });
      const position = sink.position();
      const request: SubscribeRequest = position ? { since: position.since, epoch: position.epoch } : {};
      // The reply is the server's word, checked here like every message a transport reads.
      socket.emit('subscribe', request, (reply: unknown) => {
        watchdog.heard();
        const refusal = eventRefusalSchema.safeParse(reply);
        if (refusal.success) {
          sink.status({ state: 'reconnecting', transport: transportName(), detail: refusal.data.error });
          return;
        }
        const message = decoded(() => decodeFeedMessage(reply));
        if (message) sink.deliver(message);
      });
    });
    socket.on(TICK_EVENT, (wire: unknown) => {
      watchdog.heard();
      const tick = decoded(() => decodeTick(wire));
      if (tick) sink.deliver({ kind: 'ticks', epoch: tick.epoch, ticks: [tick], gap: false, more: false });
    });
    socket.on(SHUTDOWN_EVENT, () => {
      restarting = true;
      sink.status({ state: 'restarting', transport: 'WebSocket', detail: SHUTDOWN_NOTE });
    });
    socket.on('disconnect', (reason) => {
      watchdog.stop();
      down(dropReason ?? reason);
    });
    socket.on('connect_error', (error) => down(error.message));
  }

  stop(): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    this.#watchdog?.stop();
    this.#watchdog = null;
    socket.removeAllListeners();
    socket.disconnect();
  }
}
