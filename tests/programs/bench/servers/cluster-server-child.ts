// Child process of the scale-out benchmark: this project's real server as one of several processes sharing
// a market through Redis (server/cluster), no pages. Started by server-process.ts.
import { joinMarketCluster } from '../../../../server/cluster/market-cluster';
import { createAppServer } from '../../../../server/app-server';
import { marketFromArgv, runServerChild } from './server-child';

const { redisUrl, ...config } = marketFromArgv();
if (redisUrl === undefined) throw new Error('the cluster server child needs a redisUrl');
const cluster = await joinMarketCluster({
  redisUrl,
  config,
  onFatal: (message) => {
    console.error(message);
    process.exit(1);
  },
});
const app = createAppServer(cluster.engine, undefined, {
  adapter: cluster.adapter,
  clusterHolder: cluster.holder,
  role: () => cluster.role,
  whenInStep: (answer) => cluster.whenInStep(answer),
});
runServerChild(
  app.http,
  () => cluster.start(),
  async () => {
    await cluster.leave();
    await app.close();
    await cluster.disconnect();
  },
);
