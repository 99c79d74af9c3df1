import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import createDebug from 'debug';
import { WebSocket, WebSocketServer } from 'ws';
import type { PollQuery } from '../../../lib/protocol/poll-api';
import { encodeFrameHeader, OPCODES } from '../../../lib/protocol/websocket-frame';
import { webSocketQuerySchema, WS_CLOSE_CODES, WS_HEARTBEAT_MS, WS_PING_MS } from '../../../lib/protocol/websocket-api';
import { MAX_URL_LENGTH, MAX_WEBSOCKET_MESSAGE_BYTES } from '../../guard/input-limits';
import { SLOW_CHECK_INTERVAL_MS, StalledReaders } from '../../guard/slow-consumers';
import { parseQuery } from '../../http/query-params';
import { rawErrorResponse } from '../../http/response';
import { webSocketHandshakeRefusal, type HandshakeRefusal } from '../../http/websocket-handshake';
import { PlainWebSocketMeter } from '../../metering/plain-websocket-meter';
import { meterFramesIn, ResponseHeads, upgradeHandshake } from '../../metering/websocket-meter';
import type { WireLedger } from '../../metering/wire-ledger';
import type { ResumePoint, TickFeed } from '../tick-feed';

const debug = createDebug('ticker:ws');

export interface PlainWebSocketOptions {
  /** How long no frame may go out before a heartbeat does, ms. Default WS_HEARTBEAT_MS. */
  readonly heartbeatMs?: number | undefined;
  /** How often each client is pinged, ms. Default WS_PING_MS. */
  readonly pingMs?: number | undefined;
}

/** What the server panel hears of this transport. */
export interface PlainWebSocketStats {
  /** Data frames sent (`out`) or received (`in`). */
  countFrames(direction: 'in' | 'out', frames?: number): void;
  /** A client was cut for not reading. */
  cutSlowReader(): void;
}

interface Client {
  readonly ws: WebSocket;
  /** The connection under it, which a broadcast's frame is written to as it is (see #sendFrameToAll). */
  readonly socket: Duplex;
  /** Only a connection that names a valid tab is metered and booked. */
  readonly meter: PlainWebSocketMeter | undefined;
  /** Pinged, and no pong since. */
  awaitingPong: boolean;
}

/** The payload of every ping, and of the heartbeat: nothing. */
const EMPTY = Buffer.alloc(0);
/** The heartbeat, framed: a text frame with nothing in it. */
const EMPTY_TEXT_FRAME = textFrame(EMPTY);
const AS_TEXT = { binary: false } as const;
const RESTART_REASON = 'the server is restarting; reconnect in a moment';
const NO_MESSAGES_REASON = 'this endpoint takes no messages';

/** A whole unmasked text frame of `payload`, as this server sends it. */
function textFrame(payload: Buffer): Buffer {
  return Buffer.concat([encodeFrameHeader(OPCODES.text, payload.length), payload]);
}

/** The upgrade request's query once checked, or why the request is refused. */
function readUpgrade(req: IncomingMessage): { ok: true; query: PollQuery } | { ok: false; refusal: HandshakeRefusal } {
  const rawUrl = req.url ?? '';
  const refusal: HandshakeRefusal | undefined =
    rawUrl.length > MAX_URL_LENGTH
      ? { status: 414, message: `the URL is longer than ${MAX_URL_LENGTH} characters` }
      : webSocketHandshakeRefusal(req);
  if (refusal) return { ok: false, refusal };
  const queryAt = rawUrl.indexOf('?');
  const query = parseQuery(new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)), webSocketQuerySchema);
  return query.ok ? { ok: true, query: query.value } : { ok: false, refusal: { status: 400, message: query.message } };
}

/**
 * Ticks over a plain WebSocket (the protocol is described in lib/protocol/websocket-api.ts), with ws and
 * nothing on top: the mode that shows what Socket.IO's envelope, handshake and heartbeat cost.
 *
 * Each tick's JSON, encoded once by the feed, is made into one Buffer that every client's ws sends as its
 * text frame's payload: per client, ws adds only a frame header. A client's catch-up is sent in the same
 * turn of the event loop as it joins the clients that get live ticks, so no tick can fall between the two.
 *
 * One timer for all clients does the heartbeat and, every so many beats, the pings (see #beat); another the slow-reader check
 * (see #checkReaders).
 */
export class PlainWebSocketServer {
  readonly #wss = new WebSocketServer({
    noServer: true,
    // As for Socket.IO: compressed frames would not be the bytes the meter sizes, and a shared Buffer
    // would be compressed again for every client.
    perMessageDeflate: false,
    maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES,
    clientTracking: false,
  });
  readonly #clients = new Set<Client>();
  readonly #responseHeads = new ResponseHeads();
  readonly #stalls = new StalledReaders<Client>();
  readonly #feed: TickFeed;
  readonly #ledger: WireLedger;
  readonly #stats: PlainWebSocketStats;
  readonly #timers: readonly NodeJS.Timeout[];
  readonly #stopFeed: () => void;
  /** Whether a tick went out since the last heartbeat. */
  #ticked = false;
  /** Beats from one ping to the next. */
  readonly #beatsPerPing: number;
  #beats = 0;

  constructor(feed: TickFeed, ledger: WireLedger, stats: PlainWebSocketStats, options: PlainWebSocketOptions = {}) {
    this.#feed = feed;
    this.#ledger = ledger;
    this.#stats = stats;
    this.#responseHeads.watch(this.#wss);
    const heartbeatMs = options.heartbeatMs ?? WS_HEARTBEAT_MS;
    this.#beatsPerPing = Math.max(1, Math.round((options.pingMs ?? WS_PING_MS) / heartbeatMs));
    // Every tick this process's market has, made here or replayed from another process: these clients
    // have no other way to get them.
    this.#stopFeed = feed.onTick((_tick, json) => this.#broadcast(json));
    this.#timers = [setInterval(() => this.#beat(), heartbeatMs), setInterval(() => this.#checkReaders(), SLOW_CHECK_INTERVAL_MS)];
    for (const timer of this.#timers) timer.unref();
  }

  /** Clients connected now. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Takes an upgrade request on WEBSOCKET_PATH that the abuse limits have let through. A request that is
   * not a WebSocket handshake, or whose query is bad, is answered with the usual JSON error and closed.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const read = readUpgrade(req);
    if (!read.ok) {
      debug('refused %s: %s', req.url, read.refusal.message);
      socket.end(rawErrorResponse(read.refusal.status, read.refusal.message));
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, socket, req, head, read.query));
  }

  /**
   * Closes every client's WebSocket with 1012 (Service Restart), as the server shuts down: the client
   * says so and reconnects with backoff. Returns how many were told.
   */
  restart(): number {
    let told = 0;
    for (const { ws } of this.#clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.close(WS_CLOSE_CODES.serviceRestart, RESTART_REASON);
      told += 1;
    }
    return told;
  }

  /** Stops the timers and the feed, and cuts every client. */
  close(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#stopFeed();
    for (const { ws } of this.#clients) ws.terminate();
    this.#clients.clear();
  }

  #open(ws: WebSocket, socket: Duplex, req: IncomingMessage, head: Buffer, query: PollQuery): void {
    const { tab } = query;
    let meter: PlainWebSocketMeter | undefined;
    if (tab !== undefined) {
      const handshake = upgradeHandshake(this.#ledger, req, head);
      meter = new PlainWebSocketMeter({ request: req, ws, responseLines: this.#responseHeads.of(req), handshake });
      meterFramesIn(req.socket, meter);
      this.#ledger.openStream(req.socket, tab, 'websocket', meter);
    }
    const client: Client = { ws, socket, meter, awaitingPong: false };
    ws.on('pong', () => (client.awaitingPong = false));
    // ws has answered it already (autoPong), if the WebSocket is open.
    ws.on('ping', (data) => meter?.sentControl(OPCODES.pong, data));
    // The client has nothing to say: a message is not a client of ours. One over MAX_WEBSOCKET_MESSAGE_BYTES
    // never gets here: ws closes with 1009 before reading it.
    ws.on('message', () => {
      this.#stats.countFrames('in');
      ws.close(WS_CLOSE_CODES.unsupportedData, NO_MESSAGES_REASON);
    });
    // A frame that breaks the protocol: ws closes the WebSocket with the matching code after this.
    ws.on('error', (error) => debug('client error: %s', error.message));
    ws.on('close', () => this.#clients.delete(client));
    this.#clients.add(client);
    this.#catchUp(client, query);
  }

  /** Whatever a poll from `point` would get, page after page, until the last page: the client is then live. */
  #catchUp(client: Client, point: ResumePoint): void {
    let from = point;
    for (;;) {
      const answer = this.#feed.resume(from);
      if (!this.#sendText(client, answer.json, Buffer.byteLength(answer.json), answer.tickBytes)) return;
      this.#stats.countFrames('out');
      if (!answer.more) return;
      from = { since: answer.seq, epoch: answer.epoch };
    }
  }

  #broadcast(json: string): void {
    this.#ticked = true;
    if (this.#clients.size === 0) return;
    const payload = Buffer.from(json);
    this.#sendFrameToAll(textFrame(payload), payload, payload.length);
  }

  /**
   * The same text frame to every open client; `payload` is what it carries, `tickBytes` of that tick data.
   * The frame is made once and written to each client's connection as it is: ws would make it again for
   * every client. Writing beside ws is safe because ws writes each frame of its own whole, in one go, and
   * queues none (it only would to compress, which this server does not offer), so frames never interleave.
   */
  #sendFrameToAll(frame: Buffer, payload: Buffer, tickBytes: number): void {
    let frames = 0;
    for (const client of this.#clients) {
      // Once a close has begun ws would drop its own frames: so are these.
      if (client.ws.readyState !== WebSocket.OPEN) continue;
      client.meter?.sentText(payload, payload.length, tickBytes);
      client.socket.write(frame);
      frames += 1;
    }
    this.#stats.countFrames('out', frames);
  }

  #sendText(client: Client, payload: string | Buffer, bytes: number, tickBytes: number): boolean {
    const { ws } = client;
    // Once a close has begun ws would drop it anyway.
    if (ws.readyState !== WebSocket.OPEN) return false;
    client.meter?.sentText(payload, bytes, tickBytes);
    ws.send(payload, AS_TEXT);
    return true;
  }

  /**
   * Every heartbeat interval: when no tick went out since the last beat, every client gets an empty text
   * frame, which a browser sees where it never sees a ping. A client therefore hears something at least
   * every two intervals, however idle the market. Every ping interval (on the same beat, so that the
   * two go out together), the pings.
   */
  #beat(): void {
    this.#beats += 1;
    if (this.#beats % this.#beatsPerPing === 0) this.#ping();
    const idle = !this.#ticked;
    this.#ticked = false;
    if (idle) this.#sendFrameToAll(EMPTY_TEXT_FRAME, EMPTY, 0);
  }

  /**
   * A client that has not answered the previous ping is cut (its link or its process is gone; a close
   * handshake would wait on it), every other one is pinged.
   */
  #ping(): void {
    for (const client of this.#clients) {
      const { ws } = client;
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (client.awaitingPong) {
        debug('cutting %s: no pong to the last ping', client.meter ? 'a metered client' : 'a client');
        ws.terminate();
        continue;
      }
      client.awaitingPong = true;
      client.meter?.sentControl(OPCODES.ping, EMPTY);
      ws.ping(EMPTY);
    }
  }

  /**
   * Cuts the clients that have stopped reading, by the rule Socket.IO's are cut by (see StalledReaders).
   * ws.bufferedAmount is what waits in the socket, as the socket's writableLength, and in ws itself.
   */
  #checkReaders(): void {
    for (const client of this.#clients) {
      if (!this.#stalls.stalled(client, client.ws.bufferedAmount)) continue;
      this.#clients.delete(client);
      client.ws.terminate();
      this.#stats.cutSlowReader();
    }
    this.#stalls.checked();
  }
}
