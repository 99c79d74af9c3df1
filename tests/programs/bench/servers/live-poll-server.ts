// Child process of the polling benchmark: this project's server as `npm start` runs it, without the pages:
// the configuration's defaults (20 symbols, a tick every 100 ms, the default abuse limits), its market
// opened and started as serve-app.ts does. Run by poll-throughput.ts; answers samples like every server child.
import { createAppServer } from '../../../../server/app-server';
import { readConfig } from '../../../../server/config';
import { openMarket } from '../../../../server/open-market';
import { runServerChild } from './server-child';

// No options and no environment: exactly the defaults `npm start` runs with.
const read = readConfig([], {});
if (read.ok !== true) throw new Error('the default configuration did not parse');
const { config } = read;
const market = await openMarket(config, (message) => {
  console.error(`error: ${message}`);
  process.exit(1);
});
const app = createAppServer(market.engine, undefined, { ...market.serverOptions, limits: config.limits });
runServerChild(
  app.http,
  () => market.start(),
  async () => {
    await market.leave();
    await app.close();
  },
);
