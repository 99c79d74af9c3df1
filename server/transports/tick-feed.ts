import createDebug from 'debug';
import type { MarketEngine, TickOrigin } from '../../lib/market/market-engine';
import { POLL_MAX_TICKS } from '../../lib/protocol/poll-api';
import type { Tick } from '../../lib/protocol/tick';
import { encodeTick } from '../../lib/protocol/tick-codec';

const debug = createDebug('ticker:feed');

/** Distinct poll answers kept per tick; pollers far behind are rare and get theirs made afresh. */
const MAX_CACHED_BODIES = 64;

export type EncodedTickListener = (tick: Tick, json: string, origin: TickOrigin) => void;

/** Where a client wants to resume from. Both fields absent: it has nothing and wants a snapshot. */
export interface ResumePoint {
  readonly since?: number | undefined;
  readonly epoch?: number | undefined;
}

/** A poll's answer ready to write, and how much of it is tick data (the rest is JSON envelope; ASCII). */
export interface PollBody {
  readonly bytes: Buffer;
  readonly tickBytes: number;
}

/** The JSON text of a PollResponse, and how much of it is tick data (the rest is envelope; ASCII). */
export interface ResumeAnswer {
  readonly json: string;
  readonly tickBytes: number;
  /** The answer's `more`: it is a page, and the next one starts after `seq`. False for a snapshot. */
  readonly more: boolean;
  /** Where a client stands once it has applied the answer: the snapshot, or the last tick of the page. */
  readonly epoch: number;
  readonly seq: number;
}

/**
 * The engine's ticks, each serialized exactly once when it is made. Polls, Socket.IO broadcasts and
 * catch-ups all splice these same strings, so no request or subscriber ever serializes a tick again.
 */
export class TickFeed {
  readonly #json = new WeakMap<Tick, string>();
  readonly #listeners = new Set<EncodedTickListener>();
  #snapshot: { epoch: number; seq: number; answer: ResumeAnswer } | undefined;
  /** Poll answers made since the last tick, by `since` (-1: the snapshot), ready to write. */
  readonly #pollBodies = new Map<number, PollBody>();
  /**
   * The tick those answers were made after. Checked on every lookup, not only cleared on each tick: a
   * process that follows a market on Redis can also jump to a saved state without a tick.
   */
  #pollBodiesAfter = { epoch: 0, seq: -1 };

  constructor(readonly engine: MarketEngine) {
    engine.onTick((tick, origin) => {
      const json = encodeTick(tick);
      this.#json.set(tick, json);
      for (const listener of this.#listeners) {
        // One failing subscriber must not keep the tick from the others.
        try {
          listener(tick, json, origin);
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
   * resume()'s answer as bytes, shared by every poll that asks the same question between two ticks: pollers
   * that keep up all ask for the ticks after the latest one, so most polls cost a lookup and a write.
   */
  pollBody(point: ResumePoint): PollBody {
    const { epoch, latestSeq } = this.engine;
    if (this.#pollBodiesAfter.seq !== latestSeq || this.#pollBodiesAfter.epoch !== epoch) {
      this.#pollBodies.clear();
      this.#pollBodiesAfter = { epoch, seq: latestSeq };
    }
    const key = this.#isSnapshotPoint(point) ? -1 : (point.since ?? -1);
    let body = this.#pollBodies.get(key);
    if (body === undefined) {
      const answer = this.resume(point);
      body = { bytes: Buffer.from(answer.json), tickBytes: answer.tickBytes };
      if (this.#pollBodies.size < MAX_CACHED_BODIES) this.#pollBodies.set(key, body);
    }
    return body;
  }

  #isSnapshotPoint({ since, epoch }: ResumePoint): boolean {
    const { engine } = this;
    return since === undefined || (epoch !== undefined && epoch !== engine.epoch) || since > engine.latestSeq;
  }

  /**
   * The answer to "what happened after this point", as the JSON text of a PollResponse, with at most
   * `limit` ticks. A client from another epoch, or one claiming a sequence from the future, gets a
   * snapshot so it starts over cleanly.
   */
  resume(point: ResumePoint, limit = POLL_MAX_TICKS): ResumeAnswer {
    const { engine } = this;
    const { since } = point;
    if (since === undefined || this.#isSnapshotPoint(point)) return this.#snapshotAnswer();
    const { ticks, gap, more } = engine.ticksAfter(since, limit);
    let list = '';
    for (const tick of ticks) list += (list ? ',' : '') + this.json(tick);
    return {
      json: `{"kind":"ticks","epoch":${engine.epoch},"seq":${engine.latestSeq},"gap":${gap},"more":${more},"ticks":[${list}]}`,
      tickBytes: list.length,
      more,
      epoch: engine.epoch,
      seq: more ? (ticks.at(-1)?.seq ?? since) : engine.latestSeq,
    };
  }

  /** Cached per tick: many pollers asking for the snapshot within one tick share one string. */
  #snapshotAnswer(): ResumeAnswer {
    const { epoch, latestSeq: seq } = this.engine;
    if (this.#snapshot?.seq !== seq || this.#snapshot.epoch !== epoch) {
      const snapshot = JSON.stringify(this.engine.snapshot());
      const json = `{"kind":"snapshot","snapshot":${snapshot}}`;
      this.#snapshot = { epoch, seq, answer: { json, tickBytes: snapshot.length, more: false, epoch, seq } };
    }
    return this.#snapshot.answer;
  }

  historyJson(): string {
    return `[${this.engine
      .history()
      .map((tick) => this.json(tick))
      .join(',')}]`;
  }
}
