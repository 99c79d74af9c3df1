// Child process of the WebSocket benchmarks: this project's real server (createAppServer, Socket.IO with
// its metering, the polling endpoint; no pages) over a live market. Started by server-process.ts.
import { MarketEngine } from '../../../../lib/market/market-engine';
import { createAppServer } from '../../../../server/app-server';
import { marketFromArgv, runServerChild } from './server-child';

const market = marketFromArgv();
const engine = new MarketEngine(market);
const app = createAppServer(engine);
runServerChild(
  app.http,
  () => engine.start(),
  async () => {
    engine.stop();
    await app.close();
  },
);
