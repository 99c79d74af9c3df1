import type { Server as HttpServer, IncomingMessage } from 'node:http';
import createDebug from 'debug';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { PreEncodedJson } from '../../../lib/protocol/pre-encoded-json';
import type { PollResponse } from '../../../lib/protocol/poll-api';
import {
  SOCKET_PATH,
  TICKS_ROOM,
  TICK_EVENT,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeReply,
} from '../../../lib/protocol/socket-events';
import { tabIdSchema } from '../../../lib/protocol/tab-id';
import type { WireTick } from '../../../lib/protocol/tick-codec';
import { ClientPacketDecoder } from './client-packet-decoder';
import { guardClientEvents } from './client-event-guard';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../guard/input-limits';
import type { InterServerEvents } from './inter-server-events';
import { eventPacketPrefix, preEncodedParser } from './pre-encoded-parser';
import { socketHandshakeGate, type HandshakeAdmission } from './handshake-gate';
import type { TickFeed } from '../tick-feed';
import { MeteredWsEngine } from '../../metering/metered-ws-engine';
import { SentFrames } from '../../metering/sent-frames';
import type { WireLedger } from '../../metering/wire-ledger';

const debug = createDebug('ticker:socket');

type Reply = SubscribeReply | PreEncodedJson<PollResponse>;
export type TickerServer = Server<ClientToServerEvents<Reply>, ServerToClientEvents<PreEncodedJson<WireTick>>, InterServerEvents>;
type TickerSocket = Socket<ClientToServerEvents<Reply>, ServerToClientEvents<PreEncodedJson<WireTick>>>;

export interface SocketServerOptions {
  /** How often the server pings each client, in ms. Default 25,000 (engine.io's). */
  readonly pingIntervalMs?: number | undefined;
  /** How broadcasts reach other processes' subscribers; by default they reach this process's only. */
  readonly adapter?: ServerOptions['adapter'] | undefined;
  /**
   * With an adapter: a room only this process's subscribers are in, unique among the processes. A tick
   * this process makes goes to its own subscribers at once and to the others' through the adapter, and
   * the room is how the second broadcast leaves out the first one's sockets.
   */
  readonly processRoom?: string | undefined;
  /**
   * With an adapter: runs a subscriber's answer once this process's market is in step with the one
   * making the ticks (see MarketCluster.whenInStep). By default at once.
   */
  readonly whenInStep?: ((answer: () => void) => void) | undefined;
  /**
   * Judges each request on Socket.IO's path before anything else does: the connection cap and the origin
   * check (see request-guard.ts). A refusal is answered in JSON with its own status (see handshake-gate.ts).
   */
  readonly admitHandshake?: HandshakeAdmission | undefined;
  /** Where the frames sent on every Socket.IO WebSocket are counted (the server panel's). */
  readonly sentFrames?: SentFrames | undefined;
}

function tabOf(request: IncomingMessage): string | undefined {
  const raw = new URL(request.url ?? '/', 'http://localhost').searchParams.get('tab');
  const parsed = tabIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Socket.IO on the shared HTTP server, WebSocket transport only: a client that cannot open a WebSocket
 * shows "reconnecting" instead of silently falling back to long-polling and skewing the comparison.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  feed: TickFeed,
  ledger: WireLedger,
  options: SocketServerOptions = {},
): TickerServer {
  const metering = new MeteredWsEngine({
    ledger,
    tabOf,
    tickPacketPrefix: eventPacketPrefix(TICK_EVENT),
    frames: options.sentFrames ?? new SentFrames(),
  });
  const io: TickerServer = new Server(httpServer, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    serveClient: false,
    parser: { Encoder: preEncodedParser.Encoder, Decoder: ClientPacketDecoder },
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // engine.io's default, said out loud: compressed frames would not be the bytes the meter sizes, and
    // Socket.IO frames a broadcast once for every subscriber only without compression.
    perMessageDeflate: false,
    wsEngine: metering.wsEngine,
    // Other upgrade requests (Next's hot reload in development) are the app server's to answer.
    destroyUpgrade: false,
    ...(options.pingIntervalMs === undefined ? {} : { pingInterval: options.pingIntervalMs }),
    ...(options.adapter === undefined ? {} : { adapter: options.adapter }),
  });
  metering.watch(io.of('/').adapter, TICKS_ROOM);
  io.engine.use(socketHandshakeGate(options.admitHandshake));
  const { processRoom, whenInStep = (answer: () => void) => answer() } = options;
  const subscriberRooms = processRoom === undefined ? [TICKS_ROOM] : [TICKS_ROOM, processRoom];

  io.on('connection', (socket: TickerSocket) => {
    // Every event's arguments are validated before any handler below runs.
    socket.use(guardClientEvents(socket));
    socket.on('subscribe', (request, ack) => {
      whenInStep(() => {
        // Gone while the market caught up: joining now would leave its id in the room for good.
        if (socket.disconnected) return;
        // Joining and answering in the same turn of the event loop: no tick can fall between the
        // catch-up and the first live tick.
        void socket.join(subscriberRooms);
        // Everything still held, not a poll's page: live ticks follow at once, so a second page could
        // only arrive after ticks newer than it, and the client would count its ticks as lost.
        const answer = feed.resume(request, feed.engine.historyCapacity);
        ack(new PreEncodedJson<PollResponse>(answer.json));
        metering.of(socket.conn.request)?.countCatchUp(answer.tickBytes);
      });
      debug('%s subscribed from %o', socket.id, request);
    });
    socket.on('unsubscribe', () => {
      for (const room of subscriberRooms) void socket.leave(room);
    });
  });

  feed.onTick((_tick, json, origin) => {
    // A replayed tick reaches this process's subscribers from the process that made it, through the adapter.
    if (origin !== 'made') return;
    const tick = new PreEncodedJson<WireTick>(json);
    if (processRoom === undefined) {
      io.to(TICKS_ROOM).emit(TICK_EVENT, tick);
      return;
    }
    // A clustered broadcast reaches this process's own sockets only once Redis has taken it; a subscriber
    // answered from the market meanwhile would get the tick twice. So: here at once, elsewhere through Redis.
    io.local.to(TICKS_ROOM).emit(TICK_EVENT, tick);
    io.to(TICKS_ROOM).except(processRoom).emit(TICK_EVENT, tick);
  });

  return io;
}
