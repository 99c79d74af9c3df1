import type { IncomingMessage } from 'node:http';
import { waitingPackets } from '../transports/socket-io/engine-write-buffer';
import type { SentFrames } from './sent-frames';
import { MESSAGE, type CountedRoom, type RoomTotals, type SentTexts, type WebSocketConnectionMeter } from './websocket-connection-meter';

/** A Socket.IO socket, as far as a broadcast's recipient is looked at: its engine.io socket. */
export interface Recipient {
  readonly conn: { readonly request: IncomingMessage };
}

/** Which sockets a broadcast is for, as socket.io-adapter is handed it. */
interface BroadcastTarget {
  readonly rooms: ReadonlySet<string>;
}

/**
 * A namespace's socket.io-adapter, with the two steps every broadcast it delivers here takes: one encoding,
 * then its recipients one by one. Both are private in socket.io-adapter's types; they are the steps of its
 * `broadcast`, which this process's own broadcasts and those relayed from other processes (the Redis
 * adapters call the in-memory one's) both go through, and no public hook tells of either.
 */
interface BroadcastingAdapter {
  readonly nsp: { readonly sockets: ReadonlyMap<string, Recipient> };
  readonly rooms: ReadonlyMap<string, ReadonlySet<string>>;
  on(event: 'join-room' | 'leave-room', listener: (room: string, id: string) => void): unknown;
  _encode(packet: unknown, packetOptions: { wsPreEncodedFrame?: unknown }): unknown[];
  apply(target: BroadcastTarget, callback: (socket: Recipient) => void): void;
}

export interface RoomBroadcastsOptions {
  /** The namespace's adapter (see BroadcastingAdapter). */
  readonly adapter: object;
  /** The room whose broadcasts are counted once for all of it. */
  readonly room: string;
  readonly texts: SentTexts;
  readonly frames: SentFrames;
  /** A recipient's meter, if its WebSocket is metered. */
  readonly meterOf: (socket: Recipient) => WebSocketConnectionMeter | undefined;
}

/**
 * Counts the frames Socket.IO's broadcasts write, once a broadcast rather than once a recipient.
 * socket.io-adapter frames a broadcast once (its `wsPreEncodedFrame`) and engine.io writes that frame to
 * each recipient's connection past ws's `send`, so no meter sees it go by. A broadcast that reaches every
 * member of the room (a tick) is added to the room's running totals, from which each member's meter takes
 * its share between joining and leaving (see WebSocketConnectionMeter); any other broadcast (the shutdown
 * notice) is added to each recipient's meter.
 */
export class RoomBroadcasts implements CountedRoom {
  readonly #options: RoomBroadcastsOptions;
  readonly #adapter: BroadcastingAdapter;
  #broadcasts = 0;
  #payload = 0;
  #ticks = 0;
  #lastPayload = '';
  /** The payload of the broadcast being delivered: encoded, not yet handed to its recipients. */
  #pending: string | undefined;
  /** One broadcast's recipients, kept only while it is delivered. */
  readonly #recipients: Recipient[] = [];

  constructor(options: RoomBroadcastsOptions) {
    this.#options = options;
    const adapter = options.adapter as BroadcastingAdapter;
    this.#adapter = adapter;
    const encode = adapter._encode.bind(adapter);
    const apply = adapter.apply.bind(adapter);
    adapter._encode = (packet, packetOptions) => {
      const encoded = encode(packet, packetOptions);
      const [text] = encoded;
      // Framed once for all: engine.io writes it past ws's `send`. Anything else reaches each meter through it.
      this.#pending =
        packetOptions.wsPreEncodedFrame !== undefined && encoded.length === 1 && typeof text === 'string' ? MESSAGE + text : undefined;
      return encoded;
    };
    adapter.apply = (target, callback) => {
      const payload = this.#pending;
      this.#pending = undefined;
      if (payload === undefined) {
        apply(target, callback);
        return;
      }
      const recipients = this.#recipients;
      try {
        apply(target, (socket) => {
          callback(socket);
          recipients.push(socket);
        });
      } finally {
        // Should handing a recipient its frame throw, what the ones before it were handed is still counted.
        this.#delivered(target, payload, recipients);
        recipients.length = 0;
      }
    };
    adapter.on('join-room', (room, id) => {
      if (room !== options.room) return;
      const socket = adapter.nsp.sockets.get(id);
      if (socket) options.meterOf(socket)?.joined(() => waitingPackets(socket.conn));
    });
    adapter.on('leave-room', (room, id) => {
      if (room !== options.room) return;
      const socket = adapter.nsp.sockets.get(id);
      if (socket) options.meterOf(socket)?.left();
    });
  }

  totals(): RoomTotals {
    return { broadcasts: this.#broadcasts, payload: this.#payload, ticks: this.#ticks };
  }

  get lastPayload(): string {
    return this.#lastPayload;
  }

  #delivered(target: BroadcastTarget, payload: string, recipients: readonly Recipient[]): void {
    const { room, texts, frames, meterOf } = this.#options;
    if (recipients.length === 0) return;
    frames.count += recipients.length;
    const sizes = texts.measure(payload);
    const members = this.#adapter.rooms.get(room)?.size ?? 0;
    if (target.rooms.size === 1 && target.rooms.has(room) && recipients.length === members) {
      this.#broadcasts += 1;
      this.#payload += sizes.bytes;
      this.#ticks += sizes.tickBytes;
      this.#lastPayload = payload;
      return;
    }
    for (const socket of recipients) meterOf(socket)?.sentBroadcast(payload, sizes);
  }
}
