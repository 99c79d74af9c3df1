import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { TabId } from '../../lib/protocol/tab-id';
import { SentTextSizes, WebSocketConnectionMeter, type SentPacket } from './websocket-connection-meter';
import { meterFramesIn, ResponseHeads, upgradeHandshake } from './websocket-meter';
import type { WireLedger } from './wire-ledger';

export interface MeteredWsEngineOptions {
  readonly ledger: WireLedger;
  /** The tab an upgrade request names; only such WebSockets are metered and booked. */
  readonly tabOf: (request: IncomingMessage) => TabId | undefined;
  /** The text every tick event packet begins with; see SentTextSizes. */
  readonly tickPacketPrefix: string;
}

type PacketsListener = (packets: readonly SentPacket[]) => void;

/** An engine.io socket as its server's 'flush' event names it; it tells of its own flushes too. */
interface FlushingSocket {
  readonly request: IncomingMessage;
  on(event: 'flush', listener: PacketsListener): unknown;
}

type ServerFlushListener = (socket: FlushingSocket, packets: readonly SentPacket[]) => void;

/** The engine.io server, as far as metering listens to it. */
interface FlushEvents {
  on(event: 'flush', listener: ServerFlushListener): unknown;
  off(event: 'flush', listener: ServerFlushListener): unknown;
}

/**
 * Meters every WebSocket engine.io accepts for a tab, and books it to the tab's Socket.IO ledger.
 *
 * engine.io makes its ws server from the class given as its `wsEngine` option; `wsEngine` here is ws's
 * own server with a look at each upgrade as it completes, whatever listeners or middleware ran before:
 * where the handshake ends on the socket (see upgradeHandshake; engine.io sends its open packet a turn
 * later). Frames going out are counted from engine.io's 'flush' events, which list the packets it is
 * about to hand to ws; frames coming in are read from the socket's own bytes.
 *
 * Each metered socket's own 'flush' event is listened to, not the server's: a listener of the server's
 * runs for every flush of every socket and must look the socket's meter up first, which at thousands of
 * subscribers costs about as much as the rest of the metering (a tick is one flush per subscriber). But
 * engine.io makes the socket, and flushes its open packet, before anyone can listen to it, so that first
 * flush is taken from the server's event: listened to only while some metered WebSocket awaits it.
 */
export class MeteredWsEngine {
  /** For engine.io's `wsEngine` option. */
  readonly wsEngine: new (options: ServerOptions) => WebSocketServer;
  readonly #meters = new WeakMap<IncomingMessage, WebSocketConnectionMeter>();
  /** Metered WebSockets whose engine.io socket has not flushed yet (its open packet). */
  readonly #awaitingOpen = new Map<IncomingMessage, WebSocketConnectionMeter>();
  readonly #options: MeteredWsEngineOptions;
  readonly #sizes: SentTextSizes;
  #engine: FlushEvents | undefined;

  constructor(options: MeteredWsEngineOptions) {
    this.#options = options;
    this.#sizes = new SentTextSizes(options.tickPacketPrefix);
    const responseHeads = new ResponseHeads();
    const upgraded = (request: IncomingMessage, ws: WebSocket, head: Buffer) => this.#upgraded(request, ws, head, responseHeads.of(request));

    this.wsEngine = class MeteredWebSocketServer extends WebSocketServer {
      constructor(serverOptions: ServerOptions) {
        super(serverOptions);
        // In place before engine.io's own 'headers' listener, which adds its lines to the 101's.
        responseHeads.watch(this);
      }

      override handleUpgrade(
        request: IncomingMessage,
        socket: Duplex,
        head: Buffer,
        callback: (ws: WebSocket, request: IncomingMessage) => void,
      ): void {
        super.handleUpgrade(request, socket, head, (ws, completed) => {
          upgraded(completed, ws, head);
          callback(ws, completed);
        });
      }
    };
  }

  /** Counts what the engine sends on each metered WebSocket. Call once, before the first upgrade. */
  watch(engine: FlushEvents): void {
    this.#engine = engine;
  }

  /** The meter of the WebSocket opened by this upgrade request, if it is metered. */
  of(request: IncomingMessage): WebSocketConnectionMeter | undefined {
    return this.#meters.get(request);
  }

  #upgraded(request: IncomingMessage, ws: WebSocket, head: Buffer, responseLines: readonly string[]): void {
    const { ledger, tabOf } = this.#options;
    const tab = tabOf(request);
    if (tab === undefined) return;
    const handshake = upgradeHandshake(ledger, request, head);
    const meter = new WebSocketConnectionMeter({ request, ws, responseLines, handshake, sizes: this.#sizes });
    meterFramesIn(request.socket, meter);
    this.#meters.set(request, meter);
    this.#awaitingOpen.set(request, meter);
    if (this.#awaitingOpen.size === 1) this.#engine?.on('flush', this.#firstFlush);
    // engine.io may never make a socket of it (a handshake refused after the upgrade).
    ws.once('close', () => this.#opened(request));
    ledger.openStream(request.socket, tab, 'socketio', meter);
  }

  /** A socket's first flush, with its open packet: counted, and from then on its own flushes are. */
  readonly #firstFlush: ServerFlushListener = (socket, packets) => {
    const meter = this.#awaitingOpen.get(socket.request);
    if (!meter) return;
    meter.sent(packets);
    // engine.io tells the socket's own listeners of a flush before the server's: this one is counted once.
    socket.on('flush', meter.sent);
    this.#opened(socket.request);
  };

  #opened(request: IncomingMessage): void {
    if (this.#awaitingOpen.delete(request) && this.#awaitingOpen.size === 0) this.#engine?.off('flush', this.#firstFlush);
  }
}
