// The app as server/main.ts runs it, without the pages: the same options, market, endpoints, Socket.IO
// and shutdown on signals, and the same start-up line, so a test can start it with startApp() and signal
// it without a Next build. Started by tests/server/graceful-shutdown.test.ts.
import type { AddressInfo } from 'node:net';
import { createAppServer } from '../../../server/app-server';
import { readConfig } from '../../../server/config';
import { shutDownOnSignals } from '../../../server/graceful-shutdown';
import { openMarket } from '../../../server/open-market';

const result = readConfig(process.argv.slice(2), {});
if (result.ok !== true) throw new Error(`bad options: ${process.argv.slice(2).join(' ')}`);
const { config } = result;
const market = await openMarket(config, (message) => {
  console.error(`error: ${message}`);
  process.exit(1);
});
const server = createAppServer(market.engine, undefined, market.serverOptions);
shutDownOnSignals({ server, market, clustered: config.redisUrl !== undefined });
server.http.listen(config.port, config.host, () => {
  market.start();
  console.log(`Live ticker on http://${config.host}:${(server.http.address() as AddressInfo).port}`);
});
