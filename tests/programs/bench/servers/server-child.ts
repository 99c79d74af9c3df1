// The part every server-under-test child process shares: listen on loopback, say READY with the port,
// then answer the parent's samples (see command-channel.ts) until it is stopped.
import type { AddressInfo, Server } from 'node:net';
import { serveCommands } from '../processes/command-channel';
import { ConnectionBytes, type ConnectionTotals } from './connection-bytes';
import { takeProcessSample, type ProcessSample } from '../processes/process-sample';

/** What a server child answers to `sample` and `sample-gc`. */
export type ServerSample = ProcessSample & ConnectionTotals;

/** What the parent reads from the READY line. */
export interface ServerReady {
  readonly port: number;
}

/** The market every server under test runs, passed as JSON in the child's one argument. */
export interface ServedMarket {
  readonly symbols: number;
  readonly tickIntervalMs: number;
  readonly seed: number;
  /** Where the market is shared with other server processes, for the servers that share one. */
  readonly redisUrl?: string;
}

export function marketFromArgv(): ServedMarket {
  return JSON.parse(process.argv[2] ?? '') as ServedMarket;
}

/**
 * Serves `server` on 127.0.0.1 (any free port), calls `started` once it listens, and stops with `close`
 * on SIGTERM or SIGINT or when the parent goes away, exiting even if that hangs.
 */
export function runServerChild(server: Server, started: () => void, close: () => Promise<void>): void {
  const bytes = new ConnectionBytes();
  bytes.watch(server);
  const stop = () => {
    setTimeout(() => process.exit(0), 3_000).unref();
    void close().finally(() => process.exit(0));
  };
  serveCommands(
    {
      sample: (): ServerSample => ({ ...takeProcessSample(false), ...bytes.totals() }),
      'sample-gc': (): ServerSample => ({ ...takeProcessSample(true), ...bytes.totals() }),
    },
    stop,
  );
  server.listen(0, '127.0.0.1', () => {
    started();
    const ready: ServerReady = { port: (server.address() as AddressInfo).port };
    console.log(`READY ${JSON.stringify(ready)}`);
  });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
