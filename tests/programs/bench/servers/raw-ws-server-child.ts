// Child process of the WebSocket benchmarks: the baseline. The smallest server that does the same job
// with `ws` alone: the same market, each tick encoded once as the same JSON text the real server sends,
// and `send` to every open client. No rooms, acks, pings, packet envelope or metering.
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { encodeTick } from '../../../../lib/protocol/tick-codec';
import { marketFromArgv, runServerChild } from './server-child';

const engine = new MarketEngine(marketFromArgv());
const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
engine.onTick((tick) => {
  const json = encodeTick(tick);
  for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(json);
});
runServerChild(
  http,
  () => engine.start(),
  async () => {
    engine.stop();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => http.close(() => resolve())));
  },
);
