import { io, type Socket } from 'socket.io-client';
import { RETRY_BASE_MS, RETRY_MAX_MS } from '@/lib/net/backoff';
import { SilenceWatchdog, tickSilenceLimitMs } from '@/lib/net/silence-watchdog';
import { decodeFeedMessage } from '@/lib/protocol/feed-message';
import {
  SOCKET_PATH,
  TICK_EVENT,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeRequest,
} from '@/lib/protocol/socket-events';
import { decodeTick } from '@/lib/protocol/tick-codec';
import type { Transport, TransportSink } from './transport';

type TickerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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

  constructor(private readonly tab: string) {}

  start(sink: TransportSink): void {
    if (this.#socket) return;
    const socket: TickerSocket = io({
      path: SOCKET_PATH,
      transports: ['websocket'],
      query: { tab: this.tab },
      reconnectionDelay: RETRY_BASE_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      randomizationFactor: 0.5,
    });
    this.#socket = socket;
    const transportName = () => TRANSPORT_NAMES[socket.io.engine.transport.name] ?? socket.io.engine.transport.name;
    const watchdog = new SilenceWatchdog({
      limitMs: tickSilenceLimitMs(sink.tickIntervalMs()),
      onSilence: (silentMs) => {
        sink.status({ state: 'reconnecting', transport: 'WebSocket', detail: `no tick for ${Math.round(silentMs / 1000)} s` });
        // Closing the engine, not the socket: the manager then reconnects as after any lost transport.
        socket.io.engine.close();
      },
    });
    this.#watchdog = watchdog;

    socket.on('connect', () => {
      watchdog.start();
      sink.status({ state: 'connected', transport: transportName() });
      const position = sink.position();
      const request: SubscribeRequest = position ? { since: position.since, epoch: position.epoch } : {};
      socket.emit('subscribe', request, (reply) => {
        watchdog.heard();
        if (reply.kind === 'error') {
          sink.status({ state: 'reconnecting', transport: transportName(), detail: reply.error });
          return;
        }
        sink.deliver(decodeFeedMessage(reply));
      });
    });
    socket.on(TICK_EVENT, (wire) => {
      watchdog.heard();
      const tick = decodeTick(wire);
      sink.deliver({ kind: 'ticks', epoch: tick.epoch, ticks: [tick], gap: false, more: false });
    });
    socket.on('disconnect', (reason) => {
      watchdog.stop();
      sink.status({ state: 'reconnecting', transport: 'WebSocket', detail: reason });
    });
    socket.on('connect_error', (error) => {
      sink.status({ state: 'reconnecting', transport: 'WebSocket', detail: error.message });
    });
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
