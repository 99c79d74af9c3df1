import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendMethodNotAllowed } from '../http/response';
import type { TickFeed } from './tick-feed';

/** GET /api/market: symbols, the snapshot and the held history, so a page can draw its charts at once. */
export function handleMarket(req: IncomingMessage, res: ServerResponse, feed: TickFeed): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendMethodNotAllowed(res, req.method, 'GET, HEAD');
    return;
  }
  const { engine } = feed;
  const head = JSON.stringify({
    epoch: engine.epoch,
    tickIntervalMs: engine.config.tickIntervalMs,
    historyCapacity: engine.historyCapacity,
    symbols: engine.symbols.map(({ symbol, name, openCents }) => ({ symbol, name, openCents })),
    snapshot: engine.snapshot(),
  });
  sendJson(res, 200, `${head.slice(0, -1)},"history":${feed.historyJson()}}`);
}
