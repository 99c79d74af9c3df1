import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import type { TabId } from '../../lib/protocol/tab-id';
import { RoomBroadcasts, type Recipient } from './room-broadcasts';
import type { SentFrames } from './sent-frames';
import { SentTexts, WebSocketConnectionMeter, type CountedRoom } from './websocket-connection-meter';
import { meterFramesIn, ResponseHeads, upgradeHandshake } from './websocket-meter';
import type { WireLedger } from './wire-ledger';

export interface MeteredWsEngineOptions {
  readonly ledger: WireLedger;
  /** The tab an upgrade request names; only such WebSockets are metered and booked. */
  readonly tabOf: (request: IncomingMessage) => TabId | undefined;
  /** The text every tick event packet begins with; see SentTexts. */
  readonly tickPacketPrefix: string;
  /** Where the frames sent on every WebSocket engine.io accepts are counted, metered or not. */
  readonly frames: SentFrames;
}

type SendCallback = (error?: Error) => void;
type SendOptions = Exclude<Parameters<WebSocket['send']>[1], SendCallback | undefined>;

/** Until a namespace's adapter is watched: a room nobody is in. */
const NO_ROOM: CountedRoom = { totals: () => ({ broadcasts: 0, payload: 0, ticks: 0 }), lastPayload: '' };

/**
 * Meters every WebSocket engine.io accepts for a tab, and books it to the tab's Socket.IO ledger; counts the
 * frames sent on the others.
 *
 * engine.io makes its ws server from the class given as its `wsEngine` option; `wsEngine` here is ws's
 * own server with a look at each upgrade as it completes, whatever listeners or middleware ran before:
 * where the handshake ends on the socket (see upgradeHandshake; engine.io sends its open packet a turn
 * later). Its WebSockets count what engine.io hands their `send` for them alone, and tell their meter when
 * they stop sending; broadcasts, which engine.io writes past `send`, are counted by RoomBroadcasts. Frames
 * coming in are read from the socket's own bytes.
 */
export class MeteredWsEngine {
  /** For engine.io's `wsEngine` option. */
  readonly wsEngine: new (options: ServerOptions) => WebSocketServer;
  readonly #meters = new WeakMap<IncomingMessage, WebSocketConnectionMeter>();
  readonly #options: MeteredWsEngineOptions;
  readonly #texts: SentTexts;
  #room: CountedRoom = NO_ROOM;

  constructor(options: MeteredWsEngineOptions) {
    this.#options = options;
    this.#texts = new SentTexts(options.tickPacketPrefix);
    const responseHeads = new ResponseHeads();
    const upgraded = (request: IncomingMessage, ws: MeteredWebSocket, head: Buffer) =>
      this.#upgraded(request, ws, head, responseHeads.of(request));
    const { frames } = options;

    /** A WebSocket that counts what it is handed to send, and tells its meter when it stops sending. */
    class MeteredWebSocket extends WebSocket {
      meter: WebSocketConnectionMeter | undefined;

      override send(data: string | Buffer, options?: SendOptions | SendCallback, callback?: SendCallback): void {
        if (this.readyState === WebSocket.OPEN) {
          frames.count += 1;
          this.meter?.sent(data);
        }
        if (typeof options === 'function') super.send(data, options);
        else super.send(data, options ?? {}, callback);
      }

      override close(code?: number, reason?: string | Buffer): void {
        this.meter?.stopped();
        super.close(code, reason);
      }

      override terminate(): void {
        this.meter?.stopped();
        super.terminate();
      }
    }

    this.wsEngine = class MeteredWebSocketServer extends WebSocketServer {
      constructor(serverOptions: ServerOptions) {
        super({ ...serverOptions, WebSocket: MeteredWebSocket });
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
          if (ws instanceof MeteredWebSocket) upgraded(completed, ws, head);
          callback(ws, completed);
        });
      }
    };
  }

  /**
   * Counts the broadcasts of the namespace whose adapter this is, those to `room` once for all of it (see
   * RoomBroadcasts). Call once, before the first upgrade.
   */
  watch(adapter: object, room: string): void {
    this.#room = new RoomBroadcasts({
      adapter,
      room,
      texts: this.#texts,
      frames: this.#options.frames,
      meterOf: (socket: Recipient) => this.#meters.get(socket.conn.request),
    });
  }

  /** The meter of the WebSocket opened by this upgrade request, if it is metered. */
  of(request: IncomingMessage): WebSocketConnectionMeter | undefined {
    return this.#meters.get(request);
  }

  #upgraded(
    request: IncomingMessage,
    ws: WebSocket & { meter: WebSocketConnectionMeter | undefined },
    head: Buffer,
    responseLines: readonly string[],
  ): void {
    const { ledger, tabOf } = this.#options;
    const tab = tabOf(request);
    if (tab === undefined) return;
    const handshake = upgradeHandshake(ledger, request, head);
    const meter = new WebSocketConnectionMeter({ request, ws, responseLines, handshake, texts: this.#texts, room: this.#room });
    meterFramesIn(request.socket, meter);
    this.#meters.set(request, meter);
    ws.meter = meter;
    ledger.openStream(request.socket, tab, 'socketio', meter);
  }
}
