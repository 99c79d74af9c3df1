import { frameHeaderLength, OPCODES } from '../../lib/protocol/websocket-frame';
import type { InspectedFrame } from '../../lib/protocol/wire-inspection';
import { serverFrame, WebSocketMeter, type WebSocketMeterOptions } from './websocket-meter';

/** A frame's payload as the server sends it: its UTF-8 size, and how much of it is tick data. */
export interface SentText {
  readonly bytes: number;
  readonly tickBytes: number;
  /** An engine.io ping or pong (the breakdown counts those whole, header included). */
  readonly ping: boolean;
}

/** engine.io's packet types, as the first character of a WebSocket frame's payload. */
const PING = '2';
const PONG = '3';
/** An engine.io message: a Socket.IO packet follows. */
export const MESSAGE = '4';

/** Measures the payloads of the server's Socket.IO frames: an engine.io packet type, then its data. */
export class SentTexts {
  readonly #tickPrefix: string;
  readonly #tickPrefixBytes: number;

  /** `tickPacketPrefix`: the text every tick event packet begins with; the tick is the rest but the closing bracket. */
  constructor(tickPacketPrefix: string) {
    this.#tickPrefix = MESSAGE + tickPacketPrefix;
    this.#tickPrefixBytes = Buffer.byteLength(this.#tickPrefix);
  }

  measure(payload: string | Buffer): SentText {
    if (typeof payload !== 'string') return { bytes: payload.length, tickBytes: 0, ping: false };
    const bytes = Buffer.byteLength(payload);
    const tickBytes = payload.startsWith(this.#tickPrefix) ? bytes - this.#tickPrefixBytes - 1 : 0;
    return { bytes, tickBytes, ping: payload === PING || payload === PONG };
  }
}

/** What the broadcasts to a room have handed each socket in it, added up since the room's count began. */
export interface RoomTotals {
  readonly broadcasts: number;
  readonly payload: number;
  readonly ticks: number;
}

/** A room whose broadcasts are counted once for all its members (see RoomBroadcasts). */
export interface CountedRoom {
  totals(): RoomTotals;
  /** The payload of its last broadcast's frame; empty before the first. */
  readonly lastPayload: string;
}

export interface WebSocketConnectionMeterOptions extends Omit<WebSocketMeterOptions, 'engineIoPings'> {
  /** Shared by every meter. */
  readonly texts: SentTexts;
  /** The room of the ticks: its broadcasts are this meter's too while its socket is in it. */
  readonly room: CountedRoom;
}

/**
 * One Socket.IO WebSocket's frames, counted as they pass, and the last one each way kept to show. Over a
 * WebSocket each engine.io packet is one text frame whose payload is the packet's type digit and data (the
 * server sends no binary), and its header size follows from that length. The client's frames are read off
 * the socket (see WebSocketMeter).
 *
 * The server's frames come two ways. What is sent to this socket alone (the open packet, Socket.IO's
 * connect, a subscribe's answer, pings) is counted as ws is handed it. A broadcast is framed once and
 * written to every subscriber past ws's `send`, and is counted once for the whole room instead: this meter
 * notes the room's totals when its socket joins and takes the difference when it leaves (or while it is
 * in, when read). A tick thus costs a subscriber no work of the meter's at all.
 */
export class WebSocketConnectionMeter extends WebSocketMeter {
  readonly #texts: SentTexts;
  readonly #room: CountedRoom;
  /** The room's totals when this socket joined it; undefined while it is not in the room. */
  #joinedAt: RoomTotals | undefined;
  /** What waits in engine.io for this socket, once known (see joined). */
  #waiting: () => readonly unknown[] = () => [];
  #stopped = false;
  /** The payload of the last frame sent outside the room's broadcasts, and the room's broadcast count then. */
  #lastPayload: string | Buffer | undefined;
  #lastAt = 0;

  constructor(options: WebSocketConnectionMeterOptions) {
    super({ ...options, engineIoPings: true });
    this.#texts = options.texts;
    this.#room = options.room;
    options.ws.once('close', () => this.stopped());
  }

  override get payloadBytes(): number {
    return super.payloadBytes + this.#shareSinceJoined('payload');
  }

  override get tickBytes(): number {
    return super.tickBytes + this.#shareSinceJoined('ticks');
  }

  /** A frame's payload handed to ws for this socket alone. */
  sent(payload: string | Buffer): void {
    if (this.open) this.#count(payload, this.#texts.measure(payload));
  }

  /** A broadcast's frame, to a set of sockets other than the whole room, written to this one. */
  sentBroadcast(payload: string, sizes: SentText): void {
    if (this.open) this.#count(payload, sizes);
  }

  /** The tick data in a subscribe reply's catch-up, which the reply's text alone does not tell apart. */
  countCatchUp(tickBytes: number): void {
    this.sentTicks += tickBytes;
  }

  /** The socket joined the room; `waiting` reads what engine.io holds for it. */
  joined(waiting: () => readonly unknown[]): void {
    this.#waiting = waiting;
    if (this.#joinedAt === undefined && !this.#stopped && this.open) this.#joinedAt = this.#room.totals();
  }

  /** The socket left the room: what its broadcasts sent it since it joined is this meter's own now. */
  left(): void {
    const joinedAt = this.#joinedAt;
    if (joinedAt === undefined) return;
    const now = this.#room.totals();
    this.sentPayload += now.payload - joinedAt.payload;
    this.sentTicks += now.ticks - joinedAt.ticks;
    if (this.#roomSentLast(joinedAt, now.broadcasts)) {
      this.#lastPayload = this.#room.lastPayload;
      this.#lastAt = now.broadcasts;
    }
    this.#joinedAt = undefined;
  }

  /**
   * ws sends nothing more: a close began, or the connection is gone. Frames engine.io still holds for the
   * socket will never be written, so the broadcasts among them, counted when they were made, are taken back.
   * Called by the WebSocket as it starts to close, and on its 'close' in case nothing started it.
   */
  stopped(): void {
    if (this.#stopped) return;
    this.left();
    for (const packet of this.#waiting()) {
      const payload = broadcastPayload(packet);
      if (payload === undefined) continue;
      const sizes = this.#texts.measure(payload);
      this.sentPayload -= sizes.bytes;
      this.sentTicks -= sizes.tickBytes;
    }
    this.#stopped = true;
  }

  protected override lastSent(): InspectedFrame | null {
    const joinedAt = this.#joinedAt;
    const fromRoom = joinedAt !== undefined && this.#roomSentLast(joinedAt, this.#room.totals().broadcasts);
    const payload = fromRoom ? this.#room.lastPayload : this.#lastPayload;
    return payload === undefined ? null : serverFrame(OPCODES.text, payload);
  }

  /** A frame of this socket's own, not its share of the room's. */
  #count(payload: string | Buffer, { bytes, tickBytes, ping }: SentText): void {
    if (ping) {
      this.sentPings += frameHeaderLength(bytes, false) + bytes;
    } else {
      this.sentPayload += bytes;
      this.sentTicks += tickBytes;
    }
    this.#lastPayload = payload;
    this.#lastAt = this.#room.totals().broadcasts;
  }

  /** Whether the room has broadcast since this socket joined it and since its own last frame. */
  #roomSentLast(joinedAt: RoomTotals, broadcasts: number): boolean {
    return broadcasts > Math.max(joinedAt.broadcasts, this.#lastAt);
  }

  #shareSinceJoined(part: 'payload' | 'ticks'): number {
    const joinedAt = this.#joinedAt;
    return joinedAt === undefined ? 0 : this.#room.totals()[part] - joinedAt[part];
  }
}

/**
 * The frame payload of a packet waiting in engine.io, if it is a broadcast's: socket-io-adapter marks those
 * with the frame it made once for every socket (`options.wsPreEncodedFrame`), and engine.io writes that frame
 * past ws's `send`.
 */
function broadcastPayload(packet: unknown): string | undefined {
  if (typeof packet !== 'object' || packet === null) return undefined;
  const options: unknown = Reflect.get(packet, 'options');
  const data: unknown = Reflect.get(packet, 'data');
  const framed = typeof options === 'object' && options !== null && Reflect.get(options, 'wsPreEncodedFrame') !== undefined;
  return framed && typeof data === 'string' ? MESSAGE + data : undefined;
}
