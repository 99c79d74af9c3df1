import type { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { ratesPerSecond } from '../../lib/meter/wire-counters';
import type { MarketRole, ServerCounters, ServerProcess, ServerSample } from '../../lib/protocol/server-stats';
import { TICKS_ROOM } from '../../lib/protocol/socket-events';
import { LoopDelay } from './loop-delay';
import { RecentPollers, type PollerKey } from './recent-pollers';
import type { SentFrames } from '../metering/sent-frames';
import type { TickerServer } from '../transports/socket-io/socket-server';
import type { WireLedger } from '../metering/wire-ledger';
import type { WireSockets } from '../metering/wire-sockets';

const SAMPLE_INTERVAL_MS = 1000;
/** A poller counts as a viewer for this long after its last poll: the page's slowest interval (5 s) and a second. */
const POLLER_WINDOW_MS = 6000;
/** The samples kept to send a page that opens the feed: the last minute, for its charts. */
const HISTORY_MS = 60_000;

export interface ServerStatsSources {
  /** Where the bytes are counted: every connection, and each mode's. */
  readonly wire: WireSockets;
  readonly ledger: WireLedger;
  readonly tickIntervalMs: number;
  /** This process's part in the market now; always `alone` without Redis. */
  readonly role?: (() => MarketRole) | undefined;
}

/** What is counted once watched: the HTTP(S) server's requests and upgrades, Socket.IO's frames and subscribers. */
interface Watched {
  readonly http: EventEmitter;
  readonly io: TickerServer;
  readonly socketIoFrames: SentFrames;
}

type Listener = (sample: ServerSample) => void;

/**
 * What this server process is doing, sampled once a second for the server panel: viewers per mode,
 * requests, WebSocket frames and bytes per second, CPU, event-loop delay and memory.
 *
 * The hot paths only bump counters: a request or an upgrade, a poll (with its poller noted, see
 * RecentPollers), a packet engine.io receives. The frames Socket.IO sends are counted with its metering
 * (see SentFrames). Bytes are not counted here at all: the sample reads the totals the wire sockets and
 * the wire ledger already keep.
 */
export class ServerStats {
  readonly process: ServerProcess;
  readonly #sources: ServerStatsSources;
  #watched: Watched | undefined;
  readonly #pollers = {
    polling: new RecentPollers(POLLER_WINDOW_MS / SAMPLE_INTERVAL_MS),
    longpolling: new RecentPollers(POLLER_WINDOW_MS / SAMPLE_INTERVAL_MS),
  };
  /** How many viewers the push modes other than Socket.IO have now, as their servers count them. */
  readonly #pushViewers: Record<'websocket' | 'sse', () => number> = { websocket: () => 0, sse: () => 0 };
  #holders: () => Iterable<PollerKey> = () => [];
  readonly #loopDelay = new LoopDelay();
  readonly #timer: NodeJS.Timeout;
  readonly #history: ServerSample[] = [];
  readonly #listeners = new Set<Listener>();
  #requests = 0;
  #polls = 0;
  #longPolls = 0;
  #framesIn = 0;
  #framesOut = 0;
  #slowReadersCut = 0;
  #windowStart = performance.now();
  #cpuMark = process.cpuUsage();
  #lastTotals: ServerCounters;

  constructor(sources: ServerStatsSources) {
    this.#sources = sources;
    this.process = {
      pid: process.pid,
      startedAt: Math.round(performance.timeOrigin),
      cores: availableParallelism(),
      nodeVersion: process.version,
      tickIntervalMs: sources.tickIntervalMs,
      pollerWindowMs: POLLER_WINDOW_MS,
      sampleIntervalMs: SAMPLE_INTERVAL_MS,
    };

    this.#lastTotals = this.#read().totals;
    this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
    this.#timer.unref();
  }

  /**
   * Counts `http`'s upgrades, and `io`'s frames and subscribers, from now on; the frames `io` sends are
   * the ones `socketIoFrames` counts. Call once. Its requests are counted by `requested`, called by the
   * response each one makes (see metered-response.ts): a second 'request' listener would cost every poll
   * a copy of the listener list.
   */
  watch(http: EventEmitter, io: TickerServer, socketIoFrames: SentFrames): void {
    this.#watched = { http, io, socketIoFrames };
    http.on('upgrade', this.#countRequest);
    io.engine.on('connection', this.#watchEngineSocket);
  }

  /** A poll or a long poll arrived, from a tab (its id) or a connection without one. */
  polled(poller: PollerKey, mode: 'polling' | 'longpolling' = 'polling'): void {
    if (mode === 'polling') this.#polls += 1;
    else this.#longPolls += 1;
    this.#pollers[mode].saw(poller);
  }

  /**
   * Where the long polls held at each sample are read: a poller waiting on a held poll is a viewer however
   * long ago it asked (a hold outlasts the poller window on a slow market).
   */
  countHolders(holders: () => Iterable<PollerKey>): void {
    this.#holders = holders;
  }

  /** Where the plain WebSocket's or the event streams' viewer count is read at each sample. */
  countViewers(mode: 'websocket' | 'sse', count: () => number): void {
    this.#pushViewers[mode] = count;
  }

  /** Data frames the plain WebSocket sent (`out`) or received (`in`). */
  countFrames(direction: 'in' | 'out', frames = 1): void {
    if (direction === 'in') this.#framesIn += frames;
    else this.#framesOut += frames;
  }

  /** A connection was cut because its reader stopped reading. */
  cutSlowReader(): void {
    this.#slowReadersCut += 1;
  }

  /** The samples of the last minute, oldest first. */
  recent(): ServerSample[] {
    return this.#history.slice();
  }

  /** Calls `listener` with every new sample until the returned function is called. */
  onSample(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#loopDelay.close();
    this.#listeners.clear();
    const watched = this.#watched;
    if (!watched) return;
    watched.http.off('upgrade', this.#countRequest);
    watched.io.engine.off('connection', this.#watchEngineSocket);
  }

  /** An HTTP request arrived (an upgrade is counted by `watch`). */
  requested(): void {
    this.#requests += 1;
  }

  readonly #countRequest = (): void => {
    this.#requests += 1;
  };

  /** Each packet an engine.io socket receives over its WebSocket came in a frame of its own. */
  readonly #watchEngineSocket = (socket: EventEmitter): void => {
    socket.on('packet', this.#countReceived);
  };

  readonly #countReceived = (): void => {
    this.#framesIn += 1;
  };

  /** The running totals, and the connections open, as of now. */
  #read(): { readonly totals: ServerCounters; readonly connections: number } {
    const wire = this.#sources.wire.totals();
    const modes = this.#sources.ledger.totals();
    const totals = {
      requests: this.#requests,
      polls: this.#polls,
      longPolls: this.#longPolls,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut + (this.#watched?.socketIoFrames.count ?? 0),
      bytesIn: wire.bytesIn,
      bytesOut: wire.bytesOut,
      socketioBytesIn: modes.socketio.bytesUp,
      socketioBytesOut: modes.socketio.bytesDown,
      websocketBytesIn: modes.websocket.bytesUp,
      websocketBytesOut: modes.websocket.bytesDown,
      sseBytesIn: modes.sse.bytesUp,
      sseBytesOut: modes.sse.bytesDown,
      longpollingBytesIn: modes.longpolling.bytesUp,
      longpollingBytesOut: modes.longpolling.bytesDown,
      pollingBytesIn: modes.polling.bytesUp,
      pollingBytesOut: modes.polling.bytesDown,
      slowReadersCut: this.#slowReadersCut,
    };
    return { totals, connections: wire.open };
  }

  #sample(): void {
    const cpu = process.cpuUsage(this.#cpuMark);
    this.#cpuMark = process.cpuUsage();
    const now = performance.now();
    const windowMs = now - this.#windowStart;
    this.#windowStart = now;

    const { totals, connections } = this.#read();
    const perSecond = ratesPerSecond(totals, this.#lastTotals, windowMs);
    this.#lastTotals = totals;

    for (const holder of this.#holders()) this.#pollers.longpolling.saw(holder);
    const eventLoopDelay = this.#loopDelay.read() ?? { p99Ms: null, maxMs: null };
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    const sample: ServerSample = {
      at: Date.now(),
      windowMs,
      viewers: {
        socketio: this.#watched?.io.sockets.adapter.rooms.get(TICKS_ROOM)?.size ?? 0,
        websocket: this.#pushViewers.websocket(),
        sse: this.#pushViewers.sse(),
        longpolling: this.#pollers.longpolling.endWindow(),
        polling: this.#pollers.polling.endWindow(),
      },
      connections,
      totals,
      perSecond,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / windowMs) * 100,
      eventLoopDelay,
      memory: { rss, heapUsed, heapTotal },
      role: this.#sources.role?.() ?? 'alone',
    };
    this.#history.push(sample);
    if (this.#history.length > HISTORY_MS / SAMPLE_INTERVAL_MS) this.#history.shift();
    for (const listener of this.#listeners) listener(sample);
  }
}
