import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  ZERO_COUNTERS,
  ZERO_POLLING_BREAKDOWN,
  ZERO_SOCKET_IO_BREAKDOWN,
  type MeterReport,
  type PollingBreakdown,
  type WireCounters,
} from '../../lib/protocol/meter-report';
import { addCounters } from '../../lib/meter/wire-counters';
import type { TabId } from '../../lib/protocol/tab-id';
import type { TransportMode } from '../../lib/protocol/transport-mode';
import type { WireInspection } from '../../lib/protocol/wire-inspection';
import { addSocketIoParts, type CarriedBytes, type FrameTally, type SocketIoParts } from './socket-io-parts';
import { TabExhibits } from './wire-exhibits';

/** The ledgers a tab's traffic is booked to: one per transport mode, and the meter's own feed. */
export type LedgerName = TransportMode | 'overhead';

/** Where a request's bytes go. */
export interface Booking {
  readonly tab: TabId;
  readonly ledger: LedgerName;
  /**
   * The response body: how many bytes of it the server sent and how much of that was tick data (for the
   * polling breakdown), and the body itself (for the wire inspector; not copied unless it is shown).
   */
  readonly body?: { readonly bytes: number; readonly tickBytes: number; readonly content: string | Uint8Array };
}

/** Running totals, updated in place: settling a poll is on the hot path and allocates nothing. */
type Tally = { -readonly [K in keyof WireCounters]: WireCounters[K] };

const newTally = (): Tally => ({ requests: 0, bytesUp: 0, bytesDown: 0 });

function book(tally: Tally, requests: number, up: number, down: number): void {
  tally.requests += requests;
  tally.bytesUp += up;
  tally.bytesDown += down;
}

interface SocketMarks {
  read: number;
  written: number;
}

interface LiveStream {
  /** The TCP connection, and where its totals stood when the stream opened. */
  readonly socket: Socket;
  readonly marks: SocketMarks;
  /** The request's own socket (plaintext over TLS), and where its totals stood. */
  readonly plainSocket: Socket;
  readonly plainMarks: SocketMarks;
  readonly ledger: LedgerName;
  /** A WebSocket's own meter, for the Socket.IO breakdown. */
  readonly frames: FrameTally | undefined;
}

type PollingParts = { -readonly [K in keyof PollingBreakdown]: PollingBreakdown[K] };

interface TabAccount {
  readonly settled: Record<LedgerName, Tally>;
  readonly polling: PollingParts;
  /** Socket.IO's parts for the WebSockets that have closed; open ones are added when reporting. */
  readonly socketio: SocketIoParts;
  readonly live: Set<LiveStream>;
  /** Polls answered 429 Too Many Requests. */
  refusedPolls: number;
  lastSeen: number;
  readonly exhibits: TabExhibits;
}

export interface WireLedgerOptions {
  /** Tabs kept at most; the longest-idle tab without open connections is forgotten first. Default 10,000. */
  readonly maxTabs?: number;
  /** A tab with no open connection is forgotten after this long. Default 10 minutes. */
  readonly idleMs?: number;
  readonly now?: () => number;
  /** The TCP connection under a request's socket (over TLS they differ); the socket itself by default. */
  readonly wireOf?: (socket: Socket) => Socket;
}

/**
 * Counts the bytes that cross each TCP connection and books them to the tab and ledger they serve.
 *
 * Node's socket.bytesRead / bytesWritten are TCP payload totals for a connection. A keep-alive
 * connection carries many requests one after another (browsers do not pipeline), so a request's share
 * is the growth of those totals since the previous request on the same connection finished: request
 * line, headers and body up; status line, headers, body and chunk framing down. A WebSocket or an event
 * stream is booked live from the moment it is opened until it closes, frames and pings included.
 *
 * It also keeps, per tab, what the wire inspector shows: the last poll (once the tab is inspected) and
 * the latest WebSocket's meter.
 */
export class WireLedger {
  readonly #marks = new WeakMap<Socket, SocketMarks>();
  /** The same marks on the request's own socket: plaintext counts over TLS, the wire's over plain HTTP. */
  readonly #plainMarks = new WeakMap<Socket, SocketMarks>();
  readonly #tabs = new Map<TabId, TabAccount>();
  /** Every tab's settled traffic together, kept apart from the tabs so a forgotten tab's bytes still count. */
  readonly #all: Record<LedgerName, Tally> = { socketio: newTally(), polling: newTally(), overhead: newTally() };
  readonly #live = new Set<LiveStream>();
  readonly #maxTabs: number;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #wireOf: (socket: Socket) => Socket;

  constructor(options: WireLedgerOptions = {}) {
    this.#wireOf = options.wireOf ?? ((socket) => socket);
    this.#maxTabs = options.maxTabs ?? 10_000;
    this.#idleMs = options.idleMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  get tabCount(): number {
    return this.#tabs.size;
  }

  /**
   * Call when a request's response has finished (or the request was aborted). Every request must pass
   * here, booked or not, so the next request on the same connection starts from the right mark. With
   * the response, a poll of a tab being inspected is kept to show.
   */
  settleRequest(requestSocket: Socket, booking?: Booking, response?: ServerResponse): void {
    const socket = this.#wireOf(requestSocket);
    const marks = this.#marksOf(this.#marks, socket);
    const plainMarks = this.#marksOf(this.#plainMarks, requestSocket);
    const read = socket.bytesRead;
    const written = socket.bytesWritten;
    const plainRead = requestSocket.bytesRead;
    const plainWritten = requestSocket.bytesWritten;
    if (booking) {
      const account = this.#account(booking.tab);
      const up = read - marks.read;
      const down = written - marks.written;
      book(account.settled[booking.ledger], 1, up, down);
      book(this.#all[booking.ledger], 1, up, down);
      if (booking.ledger === 'polling') {
        const plainUp = plainRead - plainMarks.read;
        const plainDown = plainWritten - plainMarks.written;
        // An aborted response may have sent less than its body.
        const body = Math.min(booking.body?.bytes ?? 0, plainDown);
        const parts = account.polling;
        parts.requestHeaders += plainUp;
        parts.responseHeaders += plainDown - body;
        parts.bodies += body;
        parts.tls += up - plainUp + (down - plainDown);
        parts.ticks += Math.min(booking.body?.tickBytes ?? 0, body);
        if (response?.statusCode === 429) account.refusedPolls += 1;
        if (account.exhibits.recording && response) {
          const counted = { up: plainUp, down: plainDown };
          account.exhibits.recordPoll(response, booking.body?.content ?? '', body, counted, this.#now());
        }
      }
    }
    marks.read = read;
    marks.written = written;
    plainMarks.read = plainRead;
    plainMarks.written = plainWritten;
  }

  /**
   * Where the current request on this connection began: the request socket's totals (plaintext over TLS)
   * when the previous request on it was settled, zero on a new connection.
   */
  requestStart(requestSocket: Socket): Readonly<SocketMarks> {
    return this.#marksOf(this.#plainMarks, requestSocket);
  }

  /**
   * Books a long-lived connection (an event stream, a WebSocket with its meter) to a tab: the request
   * that opened it counts once, and every byte from the connection's last mark on counts until it closes
   * or until the returned function is called (an event stream that ends on a connection kept alive).
   */
  openStream(requestSocket: Socket, tab: TabId, ledger: 'overhead'): () => void;
  openStream(requestSocket: Socket, tab: TabId, ledger: 'socketio', frames: FrameTally): () => void;
  openStream(requestSocket: Socket, tab: TabId, ledger: LedgerName, frames?: FrameTally): () => void {
    const socket = this.#wireOf(requestSocket);
    const account = this.#account(tab);
    const marks = this.#marksOf(this.#marks, socket);
    const plainMarks = this.#marksOf(this.#plainMarks, requestSocket);
    const stream: LiveStream = {
      socket,
      marks: { read: marks.read, written: marks.written },
      plainSocket: requestSocket,
      plainMarks: { read: plainMarks.read, written: plainMarks.written },
      ledger,
      frames,
    };
    account.live.add(stream);
    this.#live.add(stream);
    book(account.settled[ledger], 1, 0, 0);
    book(this.#all[ledger], 1, 0, 0);
    if (frames) account.exhibits.webSocket = frames;
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      socket.off('close', close);
      const up = socket.bytesRead - stream.marks.read;
      const down = socket.bytesWritten - stream.marks.written;
      book(account.settled[ledger], 0, up, down);
      book(this.#all[ledger], 0, up, down);
      if (frames) addSocketIoParts(account.socketio, carried(stream), frames);
      // Whatever follows on a kept-alive connection is measured from here.
      marks.read = socket.bytesRead;
      marks.written = socket.bytesWritten;
      plainMarks.read = requestSocket.bytesRead;
      plainMarks.written = requestSocket.bytesWritten;
      account.live.delete(stream);
      this.#live.delete(stream);
      account.lastSeen = this.#now();
    };
    socket.on('close', close);
    return close;
  }

  /** Whether any of the tab's bytes went through this process. */
  serves(tab: TabId): boolean {
    return this.#tabs.has(tab);
  }

  /** The tab's running totals per ledger, live connections included. */
  report(tab: TabId): MeterReport {
    const account = this.#tabs.get(tab);
    const totals: Record<LedgerName, WireCounters> = {
      socketio: ZERO_COUNTERS,
      polling: ZERO_COUNTERS,
      overhead: ZERO_COUNTERS,
    };
    let socketio: SocketIoParts | undefined;
    if (account) {
      for (const ledger of Object.keys(totals) as LedgerName[]) totals[ledger] = { ...account.settled[ledger] };
      socketio = { ...account.socketio };
      for (const stream of account.live) {
        totals[stream.ledger] = addCounters(totals[stream.ledger], {
          requests: 0,
          bytesUp: stream.socket.bytesRead - stream.marks.read,
          bytesDown: stream.socket.bytesWritten - stream.marks.written,
        });
        if (stream.frames) addSocketIoParts(socketio, carried(stream), stream.frames);
      }
      account.lastSeen = this.#now();
    }
    return {
      serverTs: this.#now(),
      modes: { socketio: totals.socketio, polling: totals.polling },
      overhead: totals.overhead,
      breakdown: {
        polling: account ? { ...account.polling } : ZERO_POLLING_BREAKDOWN,
        socketio: socketio ?? ZERO_SOCKET_IO_BREAKDOWN,
      },
      refusedPolls: account?.refusedPolls ?? 0,
    };
  }

  /**
   * Every tab's running totals together per ledger, open streams to this moment: what the server's traffic
   * of each mode has been. Reads every open stream's socket: meant for once a second, not per request.
   */
  totals(): Record<LedgerName, WireCounters> {
    const all = this.#all;
    const totals = { socketio: { ...all.socketio }, polling: { ...all.polling }, overhead: { ...all.overhead } };
    for (const { ledger, socket, marks } of this.#live) {
      book(totals[ledger], 0, socket.bytesRead - marks.read, socket.bytesWritten - marks.written);
    }
    return totals;
  }

  /** What the wire inspector shows for a tab; from now on the tab's polls are kept to show. */
  inspect(tab: TabId): WireInspection {
    return this.#account(tab).exhibits.show(tab, this.#now());
  }

  /** Forgets tabs idle past the limit; the server calls it now and then. */
  sweep(): void {
    const cutoff = this.#now() - this.#idleMs;
    for (const [tab, account] of this.#tabs) {
      if (account.live.size === 0 && account.lastSeen < cutoff) this.#tabs.delete(tab);
    }
  }

  #marksOf(all: WeakMap<Socket, SocketMarks>, socket: Socket): SocketMarks {
    let marks = all.get(socket);
    if (!marks) {
      marks = { read: 0, written: 0 };
      all.set(socket, marks);
    }
    return marks;
  }

  #account(tab: TabId): TabAccount {
    let account = this.#tabs.get(tab);
    if (!account) {
      if (this.#tabs.size >= this.#maxTabs) this.#evictOne();
      account = {
        settled: { socketio: newTally(), polling: newTally(), overhead: newTally() },
        polling: { ...ZERO_POLLING_BREAKDOWN },
        socketio: { ...ZERO_SOCKET_IO_BREAKDOWN },
        live: new Set(),
        refusedPolls: 0,
        lastSeen: this.#now(),
        exhibits: new TabExhibits(),
      };
      this.#tabs.set(tab, account);
    }
    account.lastSeen = this.#now();
    return account;
  }

  #evictOne(): void {
    let oldest: [TabId, TabAccount] | undefined;
    for (const entry of this.#tabs) {
      if (entry[1].live.size === 0 && (!oldest || entry[1].lastSeen < oldest[1].lastSeen)) oldest = entry;
    }
    // Every tab has an open connection: drop the first-inserted one rather than grow without bound.
    const victim = oldest?.[0] ?? this.#tabs.keys().next().value;
    if (victim !== undefined) this.#tabs.delete(victim);
  }
}

/** What a stream's connection has carried since it opened, both directions together. */
function carried(stream: LiveStream): CarriedBytes {
  const { socket, marks, plainSocket, plainMarks } = stream;
  return {
    wire: socket.bytesRead - marks.read + (socket.bytesWritten - marks.written),
    plain: plainSocket.bytesRead - plainMarks.read + (plainSocket.bytesWritten - plainMarks.written),
  };
}
