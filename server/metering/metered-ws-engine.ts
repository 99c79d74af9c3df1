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

/** An engine.io socket as its server's 'flush' event names it. */
interface FlushingSocket {
  readonly request: IncomingMessage;
}

/** The engine.io server, as far as metering listens to it. */
interface FlushEvents {
  on(event: 'flush', listener: (socket: FlushingSocket, packets: readonly SentPacket[]) => void): unknown;
}

/**
 * Meters every WebSocket engine.io accepts for a tab, and books it to the tab's Socket.IO ledger.
 *
 * engine.io makes its ws server from the class given as its `wsEngine` option; `wsEngine` here is ws's
 * own server with a look at each upgrade as it completes, whatever listeners or middleware ran before:
 * where the handshake ends on the socket (see upgradeHandshake; engine.io sends its open packet a turn
 * later). Frames going out are counted from engine.io's 'flush' event, which lists the packets it is
 * about to hand to ws; frames coming in are read from the socket's own bytes.
 */
export class MeteredWsEngine {
  /** For engine.io's `wsEngine` option. */
  readonly wsEngine: new (options: ServerOptions) => WebSocketServer;
  readonly #meters = new WeakMap<IncomingMessage, WebSocketConnectionMeter>();
  readonly #options: MeteredWsEngineOptions;
  readonly #sizes: SentTextSizes;

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

  /** Counts what the engine sends on each metered WebSocket. */
  watch(engine: FlushEvents): void {
    engine.on('flush', (socket, packets) => this.#meters.get(socket.request)?.sent(packets));
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
    ledger.openStream(request.socket, tab, 'socketio', meter);
  }
}
