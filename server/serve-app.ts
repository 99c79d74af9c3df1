import cluster from 'node:cluster';
import path from 'node:path';
import next from 'next';
import { createAppServer } from './app-server';
import type { ServerConfig } from './config';
import { shutDownOnSignals } from './graceful-shutdown';
import { openMarket, type OpenMarket } from './open-market';
import { loadTlsMaterial, type TlsMaterial } from './tls-certificate';
import { errorMessage } from '../lib/format/error-message';

/** Runs the app in this process: the market (its own or its share of one on Redis), the endpoints and the pages. */
export async function serveApp(config: ServerConfig): Promise<void> {
  let tls: TlsMaterial | undefined;
  if (config.tls) {
    try {
      tls = await loadTlsMaterial(config.tlsCert && config.tlsKey ? { certFile: config.tlsCert, keyFile: config.tlsKey } : undefined);
    } catch (error) {
      console.error(`error: ${errorMessage(error)}`);
      process.exit(2);
    }
  }

  let market: OpenMarket;
  try {
    market = await openMarket(config, (message) => {
      console.error(`error: ${message}`);
      process.exit(1);
    });
  } catch (error) {
    console.error(`error: could not reach Redis at ${config.redisUrl ?? ''}: ${errorMessage(error)}`);
    process.exit(1);
  }
  const { engine } = market;
  const app = next({ dev: config.dev, dir: path.resolve(import.meta.dirname, '..'), hostname: config.host, port: config.port });

  try {
    await app.prepare();
  } catch (error) {
    const message = errorMessage(error);
    console.error(`error: Next.js could not start: ${message}`);
    if (!config.dev) console.error('hint: build the pages first with `npm run build` (npm start does this for you).');
    process.exit(1);
  }

  const server = createAppServer(
    engine,
    { handle: app.getRequestHandler(), upgrade: config.dev ? app.getUpgradeHandler() : undefined, development: config.dev },
    { ...market.serverOptions, limits: config.limits, ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}) },
  );

  server.http.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `error: port ${config.port} is already in use; pick another with --port or PORT`
        : `error: ${error.message}`,
    );
    process.exit(1);
  });

  server.http.listen(config.port, config.host, () => {
    market.start();
    const address = server.http.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // A wildcard address is reachable as localhost on this machine; any other is printed as given.
    const wildcard = config.host === '0.0.0.0' || config.host === '::';
    const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
    const { symbols, tickIntervalMs, seed } = engine.config;
    console.log(
      `Live ticker on ${tls ? 'https' : 'http'}://${host}:${port} — ${symbols} symbols, a tick every ${tickIntervalMs} ms, seed ${seed}${config.dev ? ' (development)' : ''}`,
    );
    const shared = market.describe();
    if (shared) console.log(`Cluster: this process ${shared}`);
    if (tls?.generated) {
      console.log(
        `TLS: a self-signed certificate made just now for localhost, 127.0.0.1 and ::1 (SHA-256 ${tls.fingerprint}).\n` +
          'Browsers warn about it once; docs/operations.md (HTTPS) says how to proceed or trust it.',
      );
    }
  });

  // Several workers shut down at once: each line says whose it is.
  const log = cluster.isWorker ? (line: string) => console.log(`Worker ${process.pid}: ${line}`) : console.log;
  shutDownOnSignals({ server, market, clustered: config.redisUrl !== undefined, pages: app }, log);
}
