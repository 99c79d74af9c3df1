// Child process of the WebSocket CPU benchmark: Socket.IO as it comes, for telling its own cost from this
// project's. The same market and protocol as the real server (rooms, the subscribe ack, the `t` event),
// but Socket.IO's default encoder (one JSON.stringify per broadcast), its default `ws` engine, and none of
// this project's metering, pre-encoding, polling endpoint or pages.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { SOCKET_PATH, TICK_EVENT, TICKS_ROOM } from '../../../../lib/protocol/socket-events';
import { toWireTick } from '../../../../lib/protocol/tick-codec';
import { marketFromArgv, runServerChild } from './server-child';

const engine = new MarketEngine(marketFromArgv());
const http = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(http, { path: SOCKET_PATH, transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (_request: unknown, ack: unknown) => {
    // Socket.IO appends the acknowledgement as a function; no argument decoded from JSON is one.
    if (typeof ack !== 'function') return;
    const answer = ack as (reply: unknown) => void;
    void socket.join(TICKS_ROOM);
    answer({ kind: 'snapshot', snapshot: engine.snapshot() });
  });
});
engine.onTick((tick) => io.to(TICKS_ROOM).emit(TICK_EVENT, toWireTick(tick)));
runServerChild(
  http,
  () => engine.start(),
  async () => {
    engine.stop();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  },
);
