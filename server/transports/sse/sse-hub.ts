import type { ServerResponse } from 'node:http';
import createDebug from 'debug';
import type { Tick } from '../../../lib/protocol/tick';
import { SSE_HEARTBEAT_MS } from '../../../lib/protocol/sse-api';
import { MAX_UNREAD_STREAM_BYTES } from '../../http/event-streams';
import type { ResumePoint, TickFeed } from '../tick-feed';
import type { SseStreamMeter } from './sse-stream-meter';
import { HEARTBEAT_EVENT, joinEvents, resumeEvent, RETRY_FIELD, SHUTDOWN_EVENT, tickEvent, type SseEvent } from './sse-event';

const debug = createDebug('ticker:sse');

interface Stream {
  readonly res: ServerResponse;
  readonly tally: SseStreamMeter;
  /** Whether its catch-up has been written: from then on it gets every tick. */
  live: boolean;
  /** The last tick it has been sent, or the snapshot's. */
  epoch: number;
  seq: number;
  /** Whether anything was written to it since the last heartbeat round. */
  wrote: boolean;
  /** The largest catch-up it was sent: a reader may hold that much unread on top of the limit. */
  catchUpBytes: number;
}

export interface SseHubOptions {
  /** Told of every stream ended because its reader stopped reading. */
  readonly onCut: () => void;
  /**
   * Runs a new stream's catch-up once this process's market is in step with the one making the ticks (see
   * MarketCluster.whenInStep). By default at once.
   */
  readonly whenInStep?: ((answer: () => void) => void) | undefined;
}

/**
 * Every Server-Sent Events stream this process has open, and what is written to them. Each tick's event
 * text is made once, in the feed's tick listener, and that same string is written to every stream: no
 * stream costs a serialization. A stream starts with its catch-up, written in the same turn of the event
 * loop as it joins, so no tick can fall between the catch-up and the first live tick.
 */
export class SseHub {
  readonly #feed: TickFeed;
  readonly #options: SseHubOptions;
  readonly #streams = new Set<Stream>();
  readonly #stopFeed: () => void;
  readonly #heartbeats: NodeJS.Timeout;
  #tickEventsMade = 0;

  constructor(feed: TickFeed, options: SseHubOptions) {
    this.#feed = feed;
    this.#options = options;
    this.#stopFeed = feed.onTick((tick, json) => this.#broadcast(tick, json));
    // One timer for every stream, not one each.
    this.#heartbeats = setInterval(() => this.#heartbeat(), SSE_HEARTBEAT_MS);
    this.#heartbeats.unref();
  }

  /** Streams open now, whether or not their catch-up has gone. */
  get size(): number {
    return this.#streams.size;
  }

  /** How many tick events the hub has made, however many streams each went to. */
  get tickEventsMade(): number {
    return this.#tickEventsMade;
  }

  /**
   * Answers `res` with a stream: its head (sent at once, so it is on the wire before any event), a
   * `retry:` line, the catch-up after `point`, then every tick. What it writes is counted into `tally`.
   */
  open(res: ServerResponse, point: ResumePoint, tally: SseStreamMeter): void {
    // The head alone, measured on the request's own socket: plaintext over TLS, as the tally is.
    const socket = res.socket;
    const before = socket?.bytesWritten ?? 0;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    res.flushHeaders();
    tally.responseHeadBytes += (socket?.bytesWritten ?? 0) - before;

    const stream: Stream = { res, tally, live: false, epoch: 0, seq: 0, wrote: false, catchUpBytes: 0 };
    this.#streams.add(stream);
    res.once('close', () => this.#streams.delete(stream));
    const { whenInStep = (answer: () => void) => answer() } = this.#options;
    whenInStep(() => {
      // Gone while the market caught up.
      if (!this.#streams.has(stream)) return;
      this.#catchUp(stream, point, [RETRY_FIELD]);
      stream.live = true;
    });
  }

  /**
   * Tells every stream the server is shutting down and ends it with its connection, so the browser
   * reconnects (elsewhere, or here once the server is back) instead of waiting on a connection that will
   * take no more requests. Returns how many there were.
   */
  endAll(): number {
    const count = this.#streams.size;
    for (const stream of this.#streams) {
      this.#write(stream, SHUTDOWN_EVENT);
      const { res } = stream;
      if (res.destroyed) continue;
      const socket = res.socket;
      res.end();
      socket?.end();
    }
    this.#streams.clear();
    return count;
  }

  /** Stops the heartbeats and the feed; streams still open are left to their connections. */
  close(): void {
    clearInterval(this.#heartbeats);
    this.#stopFeed();
  }

  #broadcast(tick: Tick, json: string): void {
    let event: SseEvent | undefined;
    for (const stream of this.#streams) {
      if (!stream.live) continue;
      if (stream.epoch === tick.epoch && stream.seq + 1 === tick.seq) {
        if (event === undefined) {
          event = tickEvent(tick.epoch, tick.seq, json);
          this.#tickEventsMade += 1;
        }
        stream.seq = tick.seq;
        this.#write(stream, event, tick.ts);
      } else if (stream.epoch !== tick.epoch || tick.seq > stream.seq) {
        // Not the tick after its last: the market jumped without a tick (a process following a shared
        // market that caught up from Redis) or started over. The stream catches up from where it is, as
        // a reconnecting client would, rather than skip ticks or mix two markets.
        debug('stream at %d/%d got tick %d/%d; catching it up', stream.epoch, stream.seq, tick.epoch, tick.seq);
        this.#catchUp(stream, { epoch: stream.epoch, since: stream.seq }, []);
      }
    }
  }

  /** Writes `before` and the pages of the answer to "what came after `point`", as one write. */
  #catchUp(stream: Stream, point: ResumePoint, before: readonly SseEvent[]): void {
    const { engine } = this.#feed;
    const events = [...before];
    let from = point;
    for (;;) {
      const answer = this.#feed.resume(from);
      events.push(resumeEvent(answer));
      stream.epoch = answer.epoch;
      stream.seq = answer.seq;
      // A page that stops short of the latest tick has `more`; each page ends further on, so this ends.
      if (answer.seq >= engine.latestSeq) break;
      from = { epoch: answer.epoch, since: answer.seq };
    }
    const catchUp = joinEvents(events);
    stream.catchUpBytes = Math.max(stream.catchUpBytes, catchUp.text.length);
    this.#write(stream, catchUp);
  }

  #heartbeat(): void {
    for (const stream of this.#streams) {
      if (!stream.wrote) this.#write(stream, HEARTBEAT_EVENT);
      stream.wrote = false;
    }
  }

  /** `at`: when the event was made, for the inspector; a tick event is as old as its tick. */
  #write(stream: Stream, event: SseEvent, at = Date.now()): void {
    const { res, tally } = stream;
    // Closed, and not yet said so: its 'close' event is on its way.
    if (res.destroyed || res.writableEnded) return;
    res.write(event.text);
    tally.eventFramingBytes += event.framing;
    tally.dataBytes += event.data;
    tally.tickBytes += event.ticks;
    tally.lastText = event.text;
    tally.lastAt = at;
    stream.wrote = true;
    // What the response and its socket hold unsent: past its catch-up, it only grows while the reader has stopped.
    if (res.writableLength <= MAX_UNREAD_STREAM_BYTES + stream.catchUpBytes) return;
    debug('cutting a stream to %s: %d bytes unread', res.socket?.remoteAddress, res.writableLength);
    this.#streams.delete(stream);
    res.destroy();
    this.#options.onCut();
  }
}
