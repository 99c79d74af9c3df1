import createDebug from 'debug';
import type { MarketEngine } from '../lib/market/market-engine';
import { POLL_MAX_TICKS } from '../lib/protocol/poll-api';
import type { Tick } from '../lib/protocol/tick';
import { encodeTick } from '../lib/protocol/tick-codec';

const debug = createDebug('ticker:feed');

/** Distinct poll answers kept per tick; pollers far behind are rare and get theirs made afresh. */
const MAX_CACHED_BODIES = 64;

export type EncodedTickListener = (tick: Tick, json: string) => void;

/** Where a client wants to resume from. Both fields absent: it has nothing and wants a snapshot. */
export interface ResumePoint {
  readonly since?: number | undefined;
  readonly epoch?: number | undefined;
}

/**
 * The engine's ticks, each serialized exactly once when it is made. Polls, Socket.IO broadcasts and
 * catch-ups all splice these same strings, so no request or subscriber ever serializes a tick again.
 */
export class TickFeed {
  readonly #json = new WeakMap<Tick, string>();
  readonly #listeners = new Set<EncodedTickListener>();
  #snapshot: { seq: number; body: string } | undefined;
  /** Poll answers made since the last tick, by `since` (-1: the snapshot), ready to write. */
  readonly #pollBodies = new Map<number, Buffer>();

  constructor(readonly engine: MarketEngine) {
    engine.onTick((tick) => {
      this.#pollBodies.clear();
      const json = encodeTick(tick);
      this.#json.set(tick, json);
      for (const listener of this.#listeners) {
        // One failing subscriber must not keep the tick from the others.
        try {
          listener(tick, json);
        } catch (error) {
          debug('tick listener failed on seq %d: %O', tick.seq, error);
        }
      }
    });
  }

  onTick(listener: EncodedTickListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  json(tick: Tick): string {
    let json = this.#json.get(tick);
    if (json === undefined) {
      json = encodeTick(tick);
      this.#json.set(tick, json);
    }
    return json;
  }

  /**
   * resumeBody as bytes, shared by every poll that asks the same question between two ticks: pollers
   * that keep up all ask for the ticks after the latest one, so most polls cost a lookup and a write.
   */
  pollBody(point: ResumePoint): Buffer {
    const key = this.#isSnapshotPoint(point) ? -1 : (point.since ?? -1);
    let body = this.#pollBodies.get(key);
    if (body === undefined) {
      body = Buffer.from(this.resumeBody(point));
      if (this.#pollBodies.size < MAX_CACHED_BODIES) this.#pollBodies.set(key, body);
    }
    return body;
  }

  #isSnapshotPoint({ since, epoch }: ResumePoint): boolean {
    const { engine } = this;
    return since === undefined || (epoch !== undefined && epoch !== engine.epoch) || since > engine.latestSeq;
  }

  /**
   * The answer to "what happened after this point", as the JSON text of a PollResponse. A client from
   * another epoch, or one claiming a sequence from the future, gets a snapshot so it starts over cleanly.
   */
  resumeBody(point: ResumePoint): string {
    const { engine } = this;
    const { since } = point;
    if (since === undefined || this.#isSnapshotPoint(point)) return this.snapshotBody();
    const { ticks, gap, more } = engine.ticksAfter(since, POLL_MAX_TICKS);
    let list = '';
    for (const tick of ticks) list += (list ? ',' : '') + this.json(tick);
    return `{"kind":"ticks","epoch":${engine.epoch},"seq":${engine.latestSeq},"gap":${gap},"more":${more},"ticks":[${list}]}`;
  }

  /** Cached per sequence number: many pollers asking for the snapshot within one tick share one string. */
  snapshotBody(): string {
    const seq = this.engine.latestSeq;
    if (this.#snapshot?.seq !== seq) {
      this.#snapshot = { seq, body: JSON.stringify({ kind: 'snapshot', snapshot: this.engine.snapshot() }) };
    }
    return this.#snapshot.body;
  }

  historyJson(): string {
    return `[${this.engine
      .history()
      .map((tick) => this.json(tick))
      .join(',')}]`;
  }
}
