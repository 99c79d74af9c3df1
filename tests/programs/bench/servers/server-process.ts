import { startChild, tsxArgs, type RunningChild } from '../processes/child-process';
import { CommandChannel } from '../processes/command-channel';
import { withFdLimit, type FdLimits } from '../processes/fd-limit';
import type { ServedMarket, ServerReady, ServerSample } from './server-child';

/**
 * The servers a benchmark can put under load: this project's (`app`, every transport, as pages reach it;
 * `app-redis`, one of several processes sharing a market on Redis), and the baselines it is compared with.
 */
export type ServerKind = 'app' | 'app-redis' | 'socket.io-stock' | 'raw-ws';

const CHILD_FILES: Readonly<Record<ServerKind, string>> = {
  app: 'tests/programs/bench/servers/ticker-server-child.ts',
  'app-redis': 'tests/programs/bench/servers/cluster-server-child.ts',
  'socket.io-stock': 'tests/programs/bench/servers/stock-socket-io-server-child.ts',
  'raw-ws': 'tests/programs/bench/servers/raw-ws-server-child.ts',
};

/** The market of every WebSocket benchmark: the server's defaults, 20 symbols and a tick every 100 ms. */
export const BENCH_MARKET: ServedMarket = { symbols: 20, tickIntervalMs: 100, seed: 1 };

const START_TIMEOUT_MS = 30_000;

/** A server under test in its own process; a benchmark may run several side by side. */
export interface ServerProcess {
  readonly kind: ServerKind;
  readonly url: URL;
  /** Its CPU, memory and connection bytes now; `gc` runs a full garbage collection first. */
  sample(gc?: boolean): Promise<ServerSample>;
  /** What it printed to stderr: a healthy server prints nothing there. */
  errors(): string;
  stop(): Promise<void>;
}

/** Starts a server child with room for `sockets` connections, and waits until it listens. */
export async function startServerProcess(
  kind: ServerKind,
  sockets: number,
  limits: FdLimits,
  market: ServedMarket = BENCH_MARKET,
): Promise<ServerProcess> {
  const [command, args] = withFdLimit(
    process.execPath,
    ['--expose-gc', ...tsxArgs(CHILD_FILES[kind], [JSON.stringify(market)])],
    sockets,
    limits,
  );
  const child: RunningChild = await startChild(command, args, {
    ready: /^READY (.+)$/m,
    timeoutMs: START_TIMEOUT_MS,
    keepStdinOpen: true,
  });
  const { port } = JSON.parse(child.ready[1] ?? '') as ServerReady;
  const channel = new CommandChannel(child.stdin, child.stdout, `the ${kind} server`);
  return {
    kind,
    url: new URL(`http://127.0.0.1:${port}`),
    sample: (gc = false) => channel.request<ServerSample>(gc ? 'sample-gc' : 'sample'),
    errors: () => child.errors(),
    stop: () => child.stop(),
  };
}
