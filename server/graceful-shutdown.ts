import { Server as NetServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { SHUTDOWN_EVENT } from '../lib/protocol/socket-events';
import type { AppServer } from './app-server';
import type { OpenMarket } from './open-market';
import { errorMessage } from '../lib/format/error-message';
import { formatCounted } from '../lib/format/format-counted';

/** The whole shutdown, however it goes: past this the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 4500;
/** How long clients get to finish and close their own connections before the rest are cut. */
const DRAIN_MS = 2500;

/** What a process has to close, in order. */
export interface ShutdownParts {
  readonly server: AppServer;
  readonly market: Pick<OpenMarket, 'leave' | 'disconnect'>;
  /** Whether the market is shared through Redis, for what the lines say. */
  readonly clustered: boolean;
  /** Next.js, when it serves the pages. */
  readonly pages?: { close(): Promise<void> } | undefined;
}

/**
 * Shuts the server down in steps, a line each: stop accepting connections; tell every Socket.IO client
 * (the shutdown event, then a WebSocket close, which its client answers by reconnecting with backoff)
 * and every plain WebSocket client (a close with 1012, Service Restart, likewise), every SSE stream (its
 * shutdown event, then the end of the stream and its connection), answer every held long poll with
 * SHUTTING_DOWN_STATUS, and end the other event streams; leave the market; for DRAIN_MS, let requests in
 * flight finish and answer the polls, long polls, streams and WebSocket upgrades that come on open
 * connections with SHUTTING_DOWN_STATUS (each with `Connection: close`); close the idle connections and
 * cut whatever is still open (a client that stopped reading never finishes); let go of Redis and Next.
 */
export async function shutDown({ server, market, clustered, pages }: ShutdownParts, log: (line: string) => void): Promise<void> {
  // Not http.close(), which since Node 19 also closes idle keep-alive connections at once: kept, a
  // poller's next poll on its connection is answered that the server is shutting down (and closes it),
  // where a closed connection would tell the tab nothing. Idle ones still open are closed after the drain.
  const allClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(server.http, () => resolve()));
  log('Shutdown: stopped accepting connections');

  const { io } = server;
  const clients = io.sockets.sockets.size;
  // This process's clients only: with Redis, a plain emit would reach every process's clients.
  io.local.emit(SHUTDOWN_EVENT);
  // engine.io's own close: after what it still has to send (the event), a WebSocket close frame.
  for (const socket of io.sockets.sockets.values()) socket.conn.close();
  const webSockets = server.websocket.restart();
  // Answered now rather than left to the drain: a held poll may have 25 s still to wait.
  const longPolls = server.longPolls.releaseAll();
  const sseStreams = server.sse.endAll();
  const streams = server.streams.endAll();
  log(
    `Shutdown: told ${formatCounted(clients, 'Socket.IO client')}, ${formatCounted(webSockets, 'WebSocket client')}, ` +
      `${formatCounted(sseStreams, 'SSE stream')} and ${formatCounted(longPolls, 'held long poll')}, and ended ${formatCounted(streams, 'other event stream')}`,
  );

  const left = market.leave().then(() => log(clustered ? 'Shutdown: left the shared market' : 'Shutdown: stopped the market'));
  const drained = Promise.race([allClosed.then(() => true), delay(DRAIN_MS, false)]).then((done) => {
    if (done) log('Shutdown: every connection has closed');
  });
  await Promise.all([left, drained]);

  server.http.closeIdleConnections();
  const cut = await server.close();
  if (cut > 0) log(`Shutdown: cut ${formatCounted(cut, 'connection')} still open after ${DRAIN_MS / 1000} s`);
  await market.disconnect();
  if (clustered) log('Shutdown: let go of Redis');
  await pages?.close();
}

/**
 * On SIGTERM or SIGINT (Ctrl-C), shuts down (see shutDown) and exits with 0, within SHUTDOWN_DEADLINE_MS
 * even if a step hangs. A second signal while shutting down changes nothing.
 */
export function shutDownOnSignals(parts: ShutdownParts, log: (line: string) => void = console.log): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down (at most ${SHUTDOWN_DEADLINE_MS / 1000} s)`);
    setTimeout(() => {
      log(`Shutdown: not done after ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    shutDown(parts, log)
      .then(
        () => log('Shutdown: done'),
        (error: unknown) => log(`Shutdown: ${errorMessage(error)}; exiting anyway`),
      )
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
