import { frameHeaderLength, OPCODES } from '../../lib/protocol/websocket-frame';
import type { InspectedFrame } from '../../lib/protocol/wire-inspection';
import { serverFrame, WebSocketMeter, type WebSocketMeterOptions } from './websocket-meter';

/**
 * One plain WebSocket's frames (see server/transports/websocket), counted as the server hands them to ws,
 * and the last one each way kept to show. Every data frame the server sends is text whose payload is all
 * payload: a tick, a catch-up page, or the empty heartbeat. Its pings and the pongs ws answers the
 * client's pings with are control frames, counted whole. The client's frames are read off the socket
 * (see WebSocketMeter), pongs there counted whole too.
 *
 * A tick costs each client a few additions; its bytes, the same Buffer for every client, are kept by
 * reference and made into text only when someone inspects the tab.
 */
export class PlainWebSocketMeter extends WebSocketMeter {
  #lastOpcode: number = OPCODES.text;
  #lastPayload: string | Uint8Array | undefined;

  constructor(options: Omit<WebSocketMeterOptions, 'engineIoPings'>) {
    super({ ...options, engineIoPings: false });
  }

  /** A text frame handed to ws: `bytes` of payload, `tickBytes` of them tick data. */
  sentText(payload: string | Uint8Array, bytes: number, tickBytes: number): void {
    if (!this.open) return;
    this.sentPayload += bytes;
    this.sentTicks += tickBytes;
    this.#lastOpcode = OPCODES.text;
    this.#lastPayload = payload;
  }

  /** A ping handed to ws, or a pong ws answered the client's ping with: `payload` is what the frame carries. */
  sentControl(opcode: typeof OPCODES.ping | typeof OPCODES.pong, payload: Uint8Array): void {
    if (!this.open) return;
    this.sentPings += frameHeaderLength(payload.length, false) + payload.length;
    this.#lastOpcode = opcode;
    this.#lastPayload = payload;
  }

  protected override lastSent(): InspectedFrame | null {
    return this.#lastPayload === undefined ? null : serverFrame(this.#lastOpcode, this.#lastPayload);
  }
}
