import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createSecureServer, type Server as SecureServer } from 'node:https';
import type { Duplex } from 'node:stream';
import createDebug from 'debug';
import type { MarketEngine } from '../lib/market/market-engine';
import { MARKET_PATH } from '../lib/protocol/market-info';
import { METER_PATH } from '../lib/protocol/meter-report';
import { POLL_PATH, SHUTTING_DOWN_STATUS } from '../lib/protocol/poll-api';
import { SERVER_STATS_PATH, type MarketRole } from '../lib/protocol/server-stats';
import { SOCKET_PATH } from '../lib/protocol/socket-events';
import { SSE_PATH } from '../lib/protocol/sse-api';
import { WEBSOCKET_PATH } from '../lib/protocol/websocket-api';
import { INSPECT_PATH } from '../lib/protocol/wire-inspection';
import { LONG_POLL_PATH } from '../lib/protocol/long-poll-api';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './guard/abuse-limits';
import { ClusterMeter } from './cluster/cluster-meter';
import { EventStreams } from './http/event-streams';
import { rawErrorResponse, sendError } from './http/response';
import { handleInspect } from './metering/inspect-endpoint';
import { MAX_HEADER_BYTES, MAX_PAGE_BODY_BYTES, MAX_URL_LENGTH } from './guard/input-limits';
import { handleMarket } from './transports/market-endpoint';
import { handleMeterFeed } from './metering/meter-feed';
import { handlePoll } from './transports/polling/polling-endpoint';
import { LongPolls } from './transports/long-polling/long-polls';
import { handleSse } from './transports/sse/sse-endpoint';
import { SseHub } from './transports/sse/sse-hub';
import { bodyRefusal } from './http/request-body';
import { RequestGuard, type Refusal } from './guard/request-guard';
import { pageSecurityHeaders } from './http/security-headers';
import { SentFrames } from './metering/sent-frames';
import { ServerStats } from './stats/server-stats';
import { handleServerStatsFeed } from './stats/server-stats-feed';
import { SlowConsumers } from './guard/slow-consumers';
import { attachSocketServer, type SocketServerOptions, type TickerServer } from './transports/socket-io/socket-server';
import { TickFeed } from './transports/tick-feed';
import { PlainWebSocketServer } from './transports/websocket/websocket-server';
import { meteredResponses, type MeteredResponse } from './metering/metered-response';
import { WireLedger } from './metering/wire-ledger';
import { WireSockets } from './metering/wire-sockets';

const debug = createDebug('ticker:http');

/** Longer than the slowest poll interval (5 s), so a poller keeps one connection instead of reconnecting. */
const KEEP_ALIVE_MS = 65_000;
const SWEEP_INTERVAL_MS = 60_000;
/**
 * A poll while shutting down (see graceful-shutdown.ts): the tab is told, as a Socket.IO client is by
 * the shutdown event, and asks again from where it was once a server is back.
 */
const SHUTTING_DOWN: Refusal = {
  status: SHUTTING_DOWN_STATUS,
  message: 'the server is shutting down; poll again in a moment',
  // A long poll held when the shutdown began was opened before it, without this header.
  headers: { 'retry-after': '1', connection: 'close' },
};
/** A new event stream while shutting down: its tab reconnects, and resumes from where it was, once a server is back. */
const SHUTTING_DOWN_STREAM: Refusal = { ...SHUTTING_DOWN, message: 'the server is shutting down; reconnect in a moment' };
/** The paths this server answers itself; none of them takes a request body. */
const API_PATHS: ReadonlySet<string> = new Set([
  POLL_PATH,
  LONG_POLL_PATH,
  SSE_PATH,
  MARKET_PATH,
  METER_PATH,
  SERVER_STATS_PATH,
  INSPECT_PATH,
  WEBSOCKET_PATH,
]);

export interface PageHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Next's own upgrade requests (hot reload) in development. */
  upgrade?: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | undefined;
  /** Next in development mode: its pages evaluate code for hot reload (see security-headers.ts). */
  readonly development?: boolean;
}

export interface AppServerOptions {
  /** Serve HTTPS and WSS with this certificate and key instead of plain HTTP. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** How often Socket.IO pings each client, in ms. Default 25,000. */
  readonly pingIntervalMs?: number;
  /** How long the plain WebSocket lets go by without a frame before it sends an empty one, ms. Default WS_HEARTBEAT_MS. */
  readonly webSocketHeartbeatMs?: number;
  /** How often the plain WebSocket pings each client, ms. Default WS_PING_MS. */
  readonly webSocketPingMs?: number;
  /** Socket.IO's adapter when several processes share the market (see server/cluster). */
  readonly adapter?: SocketServerOptions['adapter'];
  /** This process's name among those sharing the market: each tab's meter then adds up every process's share. */
  readonly clusterHolder?: string;
  /** This process's part in a shared market now, for the server panel. */
  readonly role?: () => MarketRole;
  /** When a subscriber may be answered from this process's copy of a shared market (see SocketServerOptions). */
  readonly whenInStep?: SocketServerOptions['whenInStep'];
  /** Rate limits, the connection cap and the origin check; DEFAULT_ABUSE_LIMITS unless given. */
  readonly limits?: AbuseLimits;
  /** How long a long poll with nothing new is held before it is answered with no ticks, ms. Default LONG_POLL_HOLD_MS. */
  readonly longPollHoldMs?: number;
}

/** The long polls held now, as the server's shutdown sees them. */
export interface HeldLongPolls {
  /** How many are held now. */
  readonly waiting: number;
  /** Answers every one at once that the server is shutting down; returns how many there were. */
  releaseAll(): number;
}

export interface AppServer {
  /** The HTTP server, over TLS when the options asked for it. */
  readonly http: Server | SecureServer;
  readonly io: TickerServer;
  /** The plain WebSocket's clients, at WEBSOCKET_PATH. */
  readonly websocket: PlainWebSocketServer;
  readonly feed: TickFeed;
  readonly ledger: WireLedger;
  /** What the server panel shows: this process's viewers, traffic, CPU and memory. */
  readonly stats: ServerStats;
  /** The event streams open now (meter and server feeds). */
  readonly streams: EventStreams;
  /** The long polls waiting for a tick now. */
  readonly longPolls: HeldLongPolls;
  /** The Server-Sent Events streams of ticks open now. */
  readonly sse: SseHub;
  /** Closes everything at once, connections still open included; resolves with how many those were. */
  close(): Promise<number>;
}

/** The path of a request target, without its query. */
function pathOf(rawUrl: string | undefined): string {
  const url = rawUrl ?? '';
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * Node hands an upgrade's socket over without an error listener: a peer that resets it while it is being
 * answered must not take the process down.
 */
function onUpgradeSocketError(error: Error): void {
  debug('upgrade socket error: %s', error.message);
}

/** Requests engine.io takes for itself: its `attach` matches this same prefix. */
function isSocketIoPath(rawUrl: string | undefined): boolean {
  return (rawUrl ?? '').startsWith(`${SOCKET_PATH}/`);
}

/** The parser errors that are not plain malformed requests, with the statuses Node itself would send. */
const CLIENT_ERRORS: Readonly<Record<string, readonly [status: number, message: string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'the request line and headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request took too long to arrive'],
};

/**
 * One HTTP server on one port: the polling, long-polling, SSE, market, meter, inspect and server-stats
 * endpoints answered here, Socket.IO on its path, everything else handed to Next. Without a page handler
 * (tests, benchmarks) other paths are 404.
 */
export function createAppServer(engine: MarketEngine, pages?: PageHandler, options: AppServerOptions = {}): AppServer {
  const feed = new TickFeed(engine);
  const wire = new WireSockets();
  const ledger = new WireLedger({ wireOf: (socket) => wire.of(socket) });
  const stats = new ServerStats({ wire, ledger, tickIntervalMs: engine.config.tickIntervalMs, role: options.role });
  const guard = new RequestGuard(options.limits ?? DEFAULT_ABUSE_LIMITS);
  const securePage = pageSecurityHeaders({ development: pages?.development ?? false, tls: options.tls !== undefined });
  const streams = new EventStreams(() => stats.cutSlowReader());
  const longPolls = new LongPolls(feed, { holdMs: options.longPollHoldMs });
  stats.countHolders(() => longPolls.holders());
  const sse = new SseHub(feed, { onCut: () => stats.cutSlowReader(), whenInStep: options.whenInStep });
  stats.countViewers('sse', () => sse.size);

  const responses = meteredResponses(ledger, {
    answeredElsewhere: (req) => isSocketIoPath(req.url),
    requested: () => stats.requested(),
    countedWhenQueued: options.tls === undefined,
  });

  const answer = (req: IncomingMessage, res: MeteredResponse): void => {
    // Shutting down (see graceful-shutdown.ts): answer, then let the connection go.
    if (!http.listening) res.setHeader('connection', 'close');

    const rawUrl = req.url ?? '/';
    // The API paths are matched on the raw target: a poll is the hot path, and a WHATWG URL parse
    // per request costs more than the rest of answering it.
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);

    const unreadBody = bodyRefusal(req, API_PATHS.has(pathname) ? 0 : MAX_PAGE_BODY_BYTES);
    if (unreadBody) {
      // Closing the connection after the answer is what keeps the body from being read (and discarded)
      // to its end, however long it is.
      sendError(res, unreadBody.status, unreadBody.message, { connection: 'close' });
      return;
    }
    if (rawUrl.length > MAX_URL_LENGTH) {
      sendError(res, 414, `the URL is longer than ${MAX_URL_LENGTH} characters`);
      return;
    }

    const refusal = guard.admit(req, pathname.startsWith('/api/'), res);
    if (pathname === POLL_PATH) {
      res.booking = handlePoll(req, res, rawQuery, feed, (tab) => refusal ?? (http.listening ? guard.admitPoll(req, tab) : SHUTTING_DOWN));
      stats.polled(res.booking?.tab ?? req.socket);
      return;
    }
    if (pathname === LONG_POLL_PATH) {
      res.booking = longPolls.handle(req, res, rawQuery, (tab) => refusal ?? (http.listening ? guard.admitPoll(req, tab) : SHUTTING_DOWN));
      stats.polled(res.booking?.tab ?? req.socket, 'longpolling');
      return;
    }
    if (pathname === SSE_PATH) {
      handleSse(req, res, rawQuery, sse, ledger, (tab) => refusal ?? (http.listening ? guard.admitPoll(req, tab) : SHUTTING_DOWN_STREAM));
      return;
    }
    if (refusal) {
      sendError(res, refusal.status, refusal.message, refusal.headers);
      return;
    }
    if (pathname === MARKET_PATH) return handleMarket(req, res, feed);
    if (pathname === METER_PATH) return handleMeterFeed(req, res, new URLSearchParams(rawQuery), ledger, streams, meterSource);
    if (pathname === SERVER_STATS_PATH) return handleServerStatsFeed(req, res, new URLSearchParams(rawQuery), stats, streams);
    if (pathname === WEBSOCKET_PATH) {
      sendError(res, 426, `${WEBSOCKET_PATH} is a WebSocket: open one, with an upgrade request`, { upgrade: 'websocket' });
      return;
    }
    if (pathname === INSPECT_PATH) {
      res.booking = handleInspect(req, res, new URLSearchParams(rawQuery), ledger);
      return;
    }

    try {
      new URL(rawUrl, 'http://localhost');
    } catch {
      sendError(res, 400, 'the request target is not a valid URL');
      return;
    }
    if (!pages) {
      sendError(res, 404, `nothing at ${pathname}`);
      return;
    }
    securePage(req, res);
    pages.handle(req, res).catch((error: unknown) => {
      debug('page handler failed for %s: %O', pathname, error);
      if (!res.headersSent) sendError(res, 500, 'the page could not be rendered');
      else res.destroy();
    });
  };

  const onRequest = (req: IncomingMessage, res: MeteredResponse): void => {
    answer(req, res);
    responses.settle(res);
  };

  const serverOptions = {
    keepAliveTimeout: KEEP_ALIVE_MS,
    requestTimeout: 30_000,
    maxHeaderSize: MAX_HEADER_BYTES,
    ServerResponse: responses.ServerResponse,
  };
  // TLS 1.3 only: every browser that runs this page has it, and its record overhead is one fixed figure.
  const http = options.tls
    ? createSecureServer({ ...serverOptions, ...options.tls, minVersion: 'TLSv1.3' }, onRequest)
    : createServer(serverOptions, onRequest);
  wire.watch(http);
  guard.watch(http);
  const socketIoFrames = new SentFrames();
  const io = attachSocketServer(http, feed, ledger, {
    pingIntervalMs: options.pingIntervalMs,
    adapter: options.adapter,
    processRoom: options.clusterHolder === undefined ? undefined : `ticks@${options.clusterHolder}`,
    whenInStep: options.whenInStep,
    admitHandshake: (req) => guard.admit(req, true),
    sentFrames: socketIoFrames,
  });
  const meterSource = options.clusterHolder === undefined ? ledger : new ClusterMeter(io, ledger, options.clusterHolder);
  stats.watch(http, io, socketIoFrames);
  const slowConsumers = new SlowConsumers(io.engine, () => stats.cutSlowReader());
  const websocket = new PlainWebSocketServer(feed, ledger, stats, {
    heartbeatMs: options.webSocketHeartbeatMs,
    pingMs: options.webSocketPingMs,
  });
  stats.countViewers('websocket', () => websocket.clientCount);
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isSocketIoPath(req.url)) return; // engine.io's own listener answers these
    socket.on('error', onUpgradeSocketError);
    const refusal = guard.admit(req, true);
    if (refusal) {
      socket.end(rawErrorResponse(refusal.status, refusal.message));
      return;
    }
    if (pathOf(req.url) === WEBSOCKET_PATH) {
      // Shutting down (see graceful-shutdown.ts): a new WebSocket would only be closed again at once.
      if (!http.listening) socket.end(rawErrorResponse(SHUTTING_DOWN.status, SHUTTING_DOWN.message));
      else websocket.upgrade(req, socket, head);
      return;
    }
    if (pages?.upgrade) {
      pages.upgrade(req, socket, head).catch(() => socket.destroy());
      return;
    }
    socket.end(rawErrorResponse(400, `only Socket.IO (${SOCKET_PATH}/) and the plain WebSocket (${WEBSOCKET_PATH}) accept upgrades`));
  });
  // Node's own answer to an Expect other than 100-continue is a bare 417, and it would go unsettled.
  http.on('checkExpectation', (req: IncomingMessage, res: MeteredResponse) => {
    sendError(res, 417, `only "Expect: 100-continue" is understood here, not "${req.headers.expect ?? ''}"`);
    responses.settle(res);
  });
  // Without a listener Node drops a CONNECT request's connection without a word; this is no proxy.
  http.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.end(rawErrorResponse(405, 'CONNECT is not served here: this server is not a proxy'));
  });
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    debug('client error: %s', error.code ?? error.message);
    const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'the request could not be parsed'];
    if (socket.writable) socket.end(rawErrorResponse(status, message));
    else socket.destroy();
  });

  const sweeper = setInterval(() => ledger.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    http,
    io,
    websocket,
    feed,
    ledger,
    stats,
    streams,
    longPolls: {
      get waiting() {
        return longPolls.waiting;
      },
      releaseAll: () => longPolls.releaseAll(SHUTTING_DOWN),
    },
    sse,
    async close() {
      clearInterval(sweeper);
      longPolls.close();
      sse.close();
      stats.close();
      slowConsumers.close();
      websocket.close();
      // A WebSocket whose reader has stopped would hold io.close() up until its close handshake times out.
      const cut = wire.destroyAll();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      return cut;
    },
  };
}
