import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import type { MarketConfigInput } from '../../lib/market/market-config';
import { MarketEngine } from '../../lib/market/market-engine';
import { createAppServer, type AppServer, type AppServerOptions, type PageHandler } from '../../server/app-server';

/** The epoch every test market runs in, so expectations can name it. */
export const TEST_EPOCH = 4242;

export interface TestServer {
  readonly app: AppServer;
  readonly engine: MarketEngine;
  readonly port: number;
  /** http://127.0.0.1:<port> (https with TLS), without a trailing slash. */
  readonly url: string;
  /** Makes `count` ticks at once; the engine's own timer never runs in these tests. */
  step(count?: number): void;
}

/** Where a test server listens and which market it runs: a server restarted takes the old one's port, in a new epoch. */
export interface TestServerPlace {
  /** A free one by default. */
  readonly port?: number;
  /** TEST_EPOCH by default. */
  readonly epoch?: number;
}

/**
 * A real app server (no page handler unless given a stand-in for Next) on a free loopback port, with a
 * market driven by `step()` for determinism. It is closed and its engine stopped when the current test
 * finishes, pass or fail.
 */
export async function startTestServer(
  market: MarketConfigInput = {},
  options: AppServerOptions = {},
  pages?: PageHandler,
  { port: wantedPort = 0, epoch = TEST_EPOCH }: TestServerPlace = {},
): Promise<TestServer> {
  const engine = new MarketEngine({ symbols: 5, seed: 7, ...market }, { epoch });
  const app = createAppServer(engine, pages, options);
  await new Promise<void>((resolve, reject) => {
    app.http.once('error', reject);
    app.http.listen(wantedPort, '127.0.0.1', () => {
      app.http.off('error', reject);
      resolve();
    });
  });
  onTestFinished(async () => {
    engine.stop();
    await app.close();
  });
  const { port } = app.http.address() as AddressInfo;
  return {
    app,
    engine,
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    step(count = 1) {
      for (let i = 0; i < count; i++) engine.step();
    },
  };
}
