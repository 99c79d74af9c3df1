import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { TabId } from '../../lib/protocol/tab-id';
import { SentTextSizes, WebSocketConnectionMeter, type SentPacket } from './websocket-connection-meter';
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
 * own server with a look at each upgrade as it completes. At that moment the 101 response has been
 * written and no frame yet (engine.io sends its open packet a turn later), so the socket's totals mark
 * exactly where the handshake ends and the frames begin, whatever listeners or middleware ran before.
 * Frames going out are counted from engine.io's 'flush' event, which lists the packets it is about to
 * hand to ws; frames coming in are read from the socket's own bytes.
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
    const responseHeads = new WeakMap<IncomingMessage, string[]>();
    const upgraded = (request: IncomingMessage, ws: WebSocket, head: Buffer) =>
      this.#upgraded(request, ws, head, responseHeads.get(request) ?? []);

    this.wsEngine = class MeteredWebSocketServer extends WebSocketServer {
      constructor(serverOptions: ServerOptions) {
        super(serverOptions);
        // ws emits the 101's lines just before it writes them. This listener is in place before
        // engine.io's, which appends its own lines to the same array, so by the time the upgrade
        // completes the array holds every line written.
        this.on('headers', (lines, request) => responseHeads.set(request, lines));
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
    const { socket } = request;
    const start = ledger.requestStart(socket);
    const meter = new WebSocketConnectionMeter({
      request,
      ws,
      responseLines,
      // The head is frames the client sent right behind its request; the socket has read it already.
      handshake: { up: socket.bytesRead - head.length - start.read, down: socket.bytesWritten - start.written },
      sizes: this.#sizes,
    });
    // Ahead of ws's own listener, which unmasks payloads in place in the very buffers it is handed.
    // ws has put the head back into the socket, so that arrives here too, before anything read later.
    socket.prependListener('data', meter.received);
    this.#meters.set(request, meter);
    ledger.openStream(socket, tab, 'socketio', meter);
  }
}
