import { MarketEngine } from '../lib/market/market-engine';
import { joinMarketCluster } from './cluster/market-cluster';
import type { AppServerOptions } from './app-server';
import type { ServerConfig } from './config';

/** The market this process serves: its own, or its copy of one shared through Redis. */
export interface OpenMarket {
  readonly engine: MarketEngine;
  /** What the Socket.IO server needs to reach the other processes' subscribers, if there are any. */
  readonly serverOptions: Pick<AppServerOptions, 'adapter' | 'clusterHolder' | 'role' | 'whenInStep'>;
  /** How this process takes part, for the start-up line: "" when it keeps the market to itself. */
  readonly describe: () => string;
  /** Starts the ticks (alone) or the race to lead (shared): call once the server listens. */
  start(): void;
  /** Stops making ticks, handing the market to another process at once if there is one. */
  leave(): Promise<void>;
  /** Lets go of Redis: after the Socket.IO server has closed, since its adapter still uses the connection. */
  disconnect(): Promise<void>;
}

export async function openMarket(config: ServerConfig, onFatal: (message: string) => void): Promise<OpenMarket> {
  const marketConfig = { symbols: config.symbols, tickIntervalMs: config.tickMs, seed: config.seed };
  if (config.redisUrl === undefined) {
    const engine = new MarketEngine(marketConfig);
    return {
      engine,
      serverOptions: {},
      describe: () => '',
      start: () => engine.start(),
      leave: () => {
        engine.stop();
        return Promise.resolve();
      },
      disconnect: async () => {},
    };
  }
  const cluster = await joinMarketCluster({ redisUrl: config.redisUrl, config: marketConfig, onFatal });
  const { engine } = cluster;
  return {
    engine,
    serverOptions: {
      adapter: cluster.adapter,
      clusterHolder: cluster.holder,
      role: () => cluster.role,
      whenInStep: (answer) => cluster.whenInStep(answer),
    },
    describe: () => `shares the market on ${redactedUrl(config.redisUrl ?? '')} as ${cluster.holder}`,
    start: () => cluster.start(),
    leave: () => cluster.leave(),
    disconnect: () => cluster.disconnect(),
  };
}

/** The URL without its password, for printing. */
function redactedUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = '***';
  return url.toString();
}
