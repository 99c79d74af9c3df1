import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  ZERO_BREAKDOWN,
  ZERO_COUNTERS,
  ZERO_MODE_COUNTERS,
  type LongPollingBreakdown,
  type MeterBreakdown,
  type MeterReport,
  type PollingBreakdown,
  type WireCounters,
} from '../../lib/protocol/meter-report';
import { addCounters } from '../../lib/meter/wire-counters';
import type { TabId } from '../../lib/protocol/tab-id';
import { perMode, type TransportMode } from '../../lib/protocol/transport-mode';
import type { WireInspection } from '../../lib/protocol/wire-inspection';
import { addSocketIoParts, type CarriedBytes, type FrameTally } from './socket-io-parts';
import { addEventStreamParts, type EventTally } from './event-stream-parts';
import { TabExhibits } from './wire-exhibits';

/** The ledgers a tab's traffic is booked to: one per transport mode, and the meter's own feed. */
export type LedgerName = TransportMode | 'overhead';

/** A response body as the ledger books it. */
export interface BookedBody {
  /** How many bytes of it the server sent. */
  readonly bytes: number;
  /** How much of that was tick data, for the breakdown. */
  readonly tickBytes: number;
  /** The body itself, for the wire inspector; not copied unless it is shown. */
  readonly content: string | Uint8Array;
}

/**
 * Where a request's bytes go. A long poll's booking is made when the poll arrives and filled in when it
 * is answered, which may be many seconds later: its body and how long it was held are set then.
 */
export interface Booking {
  readonly tab: TabId;
  readonly ledger: LedgerName;
  body?: BookedBody;
  /** How long the server held the request before answering it, ms; long polls only. */
  heldMs?: number;
}

/** The modes whose requests are one request, one answer: their breakdowns have the same parts. */
type RequestMode = 'polling' | 'longpolling';
const isRequestMode = (ledger: LedgerName): ledger is RequestMode => ledger === 'polling' || ledger === 'longpolling';

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

/**
 * Where a request socket's totals stood when its last request was settled: the TCP connection's, and the
 * request socket's own (plaintext over TLS; the same socket, so the same figures, over plain HTTP).
 */
interface ConnectionMarks {
  readonly wire: SocketMarks;
  readonly plain: SocketMarks;
}

interface LiveStream {
  /** The TCP connection, and where its totals stood when the stream opened. */
  readonly socket: Socket;
  readonly marks: SocketMarks;
  /** The request's own socket (plaintext over TLS), and where its totals stood. */
  readonly plainSocket: Socket;
  readonly plainMarks: SocketMarks;
  readonly ledger: StreamLedger;
  /** The stream's own meter, for its mode's breakdown: a WebSocket's frames, or an event stream's events. */
  readonly meter: StreamMeter | undefined;
}

/** A long-lived connection's own meter, by the kind of stream. */
type StreamMeter = { readonly kind: 'frames'; readonly tally: FrameTally } | { readonly kind: 'events'; readonly tally: EventTally };

/** Breakdown parts, added to in place. */
type Parts = { -readonly [M in TransportMode]: { -readonly [K in keyof MeterBreakdown[M]]: MeterBreakdown[M][K] } };

/** The ledgers of long-lived connections (and the meter feed's): booked when they open and when they close. */
type StreamLedger = Exclude<LedgerName, RequestMode>;
type StreamParts = Pick<Parts, Exclude<TransportMode, RequestMode>>;

const newStreamParts = (): StreamParts => ({
  socketio: { ...ZERO_BREAKDOWN.socketio },
  websocket: { ...ZERO_BREAKDOWN.websocket },
  sse: { ...ZERO_BREAKDOWN.sse },
});

const newTallies = (): Record<LedgerName, Tally> => ({ ...perMode(newTally), overhead: newTally() });

/**
 * A request mode's traffic of one tab: its counters and its breakdown's parts (a long poll's, a superset of
 * a poll's) in one object, so that settling a poll, on the hot path, touches the tab's account and this alone.
 */
type RequestRecord = Tally & { -readonly [K in keyof LongPollingBreakdown]: LongPollingBreakdown[K] };

// Spelled out rather than spread from the zero constants: every record then has one shape from its start,
// and the code that adds to them on every poll stays monomorphic (records spread from frozen objects did not).
const newRequestRecord = (): RequestRecord => ({
  requests: 0,
  bytesUp: 0,
  bytesDown: 0,
  requestHeaders: 0,
  responseHeaders: 0,
  bodies: 0,
  tls: 0,
  ticks: 0,
  heldMs: 0,
  heldPolls: 0,
});

const countersOf = ({ requests, bytesUp, bytesDown }: RequestRecord): WireCounters => ({ requests, bytesUp, bytesDown });

const pollingPartsOf = ({ requestHeaders, responseHeaders, bodies, tls, ticks }: RequestRecord): PollingBreakdown => ({
  requestHeaders,
  responseHeaders,
  bodies,
  tls,
  ticks,
});

interface TabAccount {
  readonly polling: RequestRecord;
  readonly longpolling: RequestRecord;
  /** The other ledgers' counters: every stream's once it has closed; open streams are added when reporting. */
  readonly settled: Record<StreamLedger, Tally>;
  /** The stream modes' parts, likewise. */
  readonly parts: StreamParts;
  readonly live: Set<LiveStream>;
  /** Polls answered 429 Too Many Requests. */
  refusedPolls: number;
  lastSeen: number;
  /** Made when there is something to show: most polling tabs are never inspected. */
  exhibits: TabExhibits | undefined;
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
  /** By request socket: one lookup per request, as the TCP connection under a TLS socket is its alone. */
  readonly #marks = new WeakMap<Socket, ConnectionMarks>();
  readonly #tabs = new Map<TabId, TabAccount>();
  /** Every tab's settled traffic together, kept apart from the tabs so a forgotten tab's bytes still count. */
  readonly #all: Record<LedgerName, Tally> = newTallies();
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
    const { wire: marks, plain: plainMarks } = this.#marksOf(requestSocket);
    const plainRead = requestSocket.bytesRead;
    // Node adds up the socket's queued writes to answer bytesWritten: read it once where both are one socket.
    const plainWritten = requestSocket.bytesWritten;
    const read = socket === requestSocket ? plainRead : socket.bytesRead;
    const written = socket === requestSocket ? plainWritten : socket.bytesWritten;
    if (booking) {
      const account = this.#account(booking.tab);
      const up = read - marks.read;
      const down = written - marks.written;
      book(this.#all[booking.ledger], 1, up, down);
      if (isRequestMode(booking.ledger)) {
        const record = account[booking.ledger];
        book(record, 1, up, down);
        const plainUp = plainRead - plainMarks.read;
        const plainDown = plainWritten - plainMarks.written;
        // An aborted response may have sent less than its body.
        const body = Math.min(booking.body?.bytes ?? 0, plainDown);
        record.requestHeaders += plainUp;
        record.responseHeaders += plainDown - body;
        record.bodies += body;
        record.tls += up - plainUp + (down - plainDown);
        record.ticks += Math.min(booking.body?.tickBytes ?? 0, body);
        if (booking.heldMs !== undefined && booking.heldMs > 0) {
          account.longpolling.heldMs += Math.round(booking.heldMs);
          account.longpolling.heldPolls += 1;
        }
        if (response?.statusCode === 429) account.refusedPolls += 1;
        const { exhibits } = account;
        if (exhibits?.recording && response) {
          const counted = { up: plainUp, down: plainDown };
          const content = booking.body?.content ?? '';
          if (booking.ledger === 'polling') exhibits.recordPoll(response, content, body, counted, this.#now());
          else exhibits.recordLongPoll(response, content, body, counted, this.#now(), booking.heldMs ?? 0);
        }
      } else book(account.settled[booking.ledger], 1, up, down);
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
    return this.#marksOf(requestSocket).plain;
  }

  /**
   * Books a long-lived connection (an event stream, a WebSocket with its meter) to a tab: the request
   * that opened it counts once, and every byte from the connection's last mark on counts until it closes
   * or until the returned function is called (an event stream that ends on a connection kept alive).
   */
  openStream(requestSocket: Socket, tab: TabId, ledger: 'overhead'): () => void;
  openStream(requestSocket: Socket, tab: TabId, ledger: 'socketio' | 'websocket', frames: FrameTally): () => void;
  openStream(requestSocket: Socket, tab: TabId, ledger: 'sse', events: EventTally): () => void;
  openStream(requestSocket: Socket, tab: TabId, ledger: StreamLedger, tally?: FrameTally | EventTally): () => void {
    const socket = this.#wireOf(requestSocket);
    const account = this.#account(tab);
    const { wire: marks, plain: plainMarks } = this.#marksOf(requestSocket);
    const stream: LiveStream = {
      socket,
      marks: { read: marks.read, written: marks.written },
      plainSocket: requestSocket,
      plainMarks: { read: plainMarks.read, written: plainMarks.written },
      ledger,
      meter: meterOf(tally),
    };
    account.live.add(stream);
    this.#live.add(stream);
    book(account.settled[ledger], 1, 0, 0);
    book(this.#all[ledger], 1, 0, 0);
    const { meter } = stream;
    if (meter?.kind === 'events') exhibitsOf(account).sse = meter.tally;
    else if (meter && (ledger === 'socketio' || ledger === 'websocket')) exhibitsOf(account)[ledger] = meter.tally;
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      socket.off('close', close);
      const up = socket.bytesRead - stream.marks.read;
      const down = socket.bytesWritten - stream.marks.written;
      book(account.settled[ledger], 0, up, down);
      book(this.#all[ledger], 0, up, down);
      addStreamParts(account.parts, stream);
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
    const totals: Record<LedgerName, WireCounters> = { ...ZERO_MODE_COUNTERS, overhead: ZERO_COUNTERS };
    let parts: Parts | undefined;
    if (account) {
      for (const ledger of Object.keys(account.settled) as StreamLedger[]) totals[ledger] = { ...account.settled[ledger] };
      totals.polling = countersOf(account.polling);
      totals.longpolling = countersOf(account.longpolling);
      parts = {
        socketio: { ...account.parts.socketio },
        websocket: { ...account.parts.websocket },
        sse: { ...account.parts.sse },
        longpolling: { ...pollingPartsOf(account.longpolling), heldMs: account.longpolling.heldMs, heldPolls: account.longpolling.heldPolls },
        polling: pollingPartsOf(account.polling),
      };
      for (const stream of account.live) {
        totals[stream.ledger] = addCounters(totals[stream.ledger], {
          requests: 0,
          bytesUp: stream.socket.bytesRead - stream.marks.read,
          bytesDown: stream.socket.bytesWritten - stream.marks.written,
        });
        addStreamParts(parts, stream);
      }
      account.lastSeen = this.#now();
    }
    return {
      serverTs: this.#now(),
      modes: perMode((mode) => totals[mode]),
      overhead: totals.overhead,
      breakdown: parts ?? ZERO_BREAKDOWN,
      refusedPolls: account?.refusedPolls ?? 0,
    };
  }

  /**
   * Every tab's running totals together per ledger, open streams to this moment: what the server's traffic
   * of each mode has been. Reads every open stream's socket: meant for once a second, not per request.
   */
  totals(): Record<LedgerName, WireCounters> {
    const all = this.#all;
    const totals = newTallies();
    for (const ledger of Object.keys(totals) as LedgerName[])
      book(totals[ledger], all[ledger].requests, all[ledger].bytesUp, all[ledger].bytesDown);
    for (const { ledger, socket, marks } of this.#live) {
      book(totals[ledger], 0, socket.bytesRead - marks.read, socket.bytesWritten - marks.written);
    }
    return totals;
  }

  /** What the wire inspector shows for a tab; from now on the tab's polls are kept to show. */
  inspect(tab: TabId): WireInspection {
    return exhibitsOf(this.#account(tab)).show(tab, this.#now());
  }

  /** Forgets tabs idle past the limit; the server calls it now and then. */
  sweep(): void {
    const cutoff = this.#now() - this.#idleMs;
    for (const [tab, account] of this.#tabs) {
      if (account.live.size === 0 && account.lastSeen < cutoff) this.#tabs.delete(tab);
    }
  }

  #marksOf(requestSocket: Socket): ConnectionMarks {
    let marks = this.#marks.get(requestSocket);
    if (!marks) {
      marks = { wire: { read: 0, written: 0 }, plain: { read: 0, written: 0 } };
      this.#marks.set(requestSocket, marks);
    }
    return marks;
  }

  #account(tab: TabId): TabAccount {
    let account = this.#tabs.get(tab);
    if (!account) {
      if (this.#tabs.size >= this.#maxTabs) this.#evictOne();
      account = {
        polling: newRequestRecord(),
        longpolling: newRequestRecord(),
        settled: { socketio: newTally(), websocket: newTally(), sse: newTally(), overhead: newTally() },
        parts: newStreamParts(),
        live: new Set(),
        refusedPolls: 0,
        lastSeen: this.#now(),
        exhibits: undefined,
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

function meterOf(tally: FrameTally | EventTally | undefined): StreamMeter | undefined {
  if (tally === undefined) return undefined;
  return 'eventFramingBytes' in tally ? { kind: 'events', tally } : { kind: 'frames', tally };
}

function exhibitsOf(account: TabAccount): TabExhibits {
  account.exhibits ??= new TabExhibits();
  return account.exhibits;
}

/** Adds what an open or closing stream has carried so far to its mode's parts. */
function addStreamParts(parts: StreamParts, stream: LiveStream): void {
  const { meter, ledger } = stream;
  if (meter === undefined) return;
  const bytes = carried(stream);
  if (meter.kind === 'events') addEventStreamParts(parts.sse, bytes, meter.tally);
  else if (ledger === 'socketio' || ledger === 'websocket') addSocketIoParts(parts[ledger], bytes, meter.tally);
}

/** What a stream's connection has carried since it opened. */
function carried(stream: LiveStream): CarriedBytes {
  const { socket, marks, plainSocket, plainMarks } = stream;
  const plainUp = plainSocket.bytesRead - plainMarks.read;
  return {
    wire: socket.bytesRead - marks.read + (socket.bytesWritten - marks.written),
    plain: plainUp + (plainSocket.bytesWritten - plainMarks.written),
    plainUp,
  };
}
