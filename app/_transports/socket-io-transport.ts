import { io, type Socket } from 'socket.io-client';
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
 */
export class SocketIoTransport implements Transport {
  readonly mode = 'socketio' as const;
  #socket: TickerSocket | null = null;

  constructor(private readonly tab: string) {}

  start(sink: TransportSink): void {
    if (this.#socket) return;
    const socket: TickerSocket = io({
      path: SOCKET_PATH,
      transports: ['websocket'],
      query: { tab: this.tab },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
    });
    this.#socket = socket;
    const transportName = () => TRANSPORT_NAMES[socket.io.engine.transport.name] ?? socket.io.engine.transport.name;

    socket.on('connect', () => {
      sink.status({ state: 'connected', transport: transportName() });
      const position = sink.position();
      const request: SubscribeRequest = position ? { since: position.since, epoch: position.epoch } : {};
      socket.emit('subscribe', request, (reply) => {
        if (reply.kind === 'error') {
          sink.status({ state: 'reconnecting', transport: transportName(), detail: reply.error });
          return;
        }
        sink.deliver(decodeFeedMessage(reply));
      });
    });
    socket.on(TICK_EVENT, (wire) => {
      const tick = decodeTick(wire);
      sink.deliver({ kind: 'ticks', epoch: tick.epoch, ticks: [tick], gap: false, more: false });
    });
    socket.on('disconnect', (reason) => {
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
    socket.removeAllListeners();
    socket.disconnect();
  }
}
