import type { IncomingMessage, ServerResponse } from 'node:http';
import { LONG_POLL_HOLD_MS } from '../../../lib/protocol/long-poll-api';
import type { Refusal } from '../../guard/request-guard';
import type { Booking } from '../../metering/wire-ledger';
import { readPoll, sendPollBody, sendPollRefusal, type PollAdmission } from '../poll-request';
import type { ResumePoint, TickFeed } from '../tick-feed';

export interface LongPollOptions {
  /** How long a poll with nothing new to answer is held before it is answered with no ticks, ms. Default LONG_POLL_HOLD_MS. */
  readonly holdMs?: number | undefined;
}

/** A poll waiting for the next tick. */
interface HeldPoll {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly point: ResumePoint;
  /** Filled in when the poll is answered; the ledger settles it when the response closes. */
  readonly booking: Booking | undefined;
  /** performance.now() when it arrived. */
  readonly heldAt: number;
}

/**
 * GET /api/long-poll: a poll (the same query and answers as GET /api/ticks) that, when there is nothing
 * after `since` yet, is held until the next tick and then answered with it. All the polls held for a tick
 * are answered from one body (TickFeed.pollBody caches it per `since`), so a tick is encoded once however
 * many wait. A poll still held after the hold time is answered with no ticks, from the same cache.
 *
 * One timer for all the held polls, not one each: they are kept in arrival order, which with one hold time
 * is also the order they time out in, so the timer only ever waits for the oldest.
 */
export class LongPolls {
  readonly #feed: TickFeed;
  readonly #holdMs: number;
  readonly #held = new Set<HeldPoll>();
  #timer: NodeJS.Timeout | undefined;
  readonly #unsubscribe: () => void;

  constructor(feed: TickFeed, options: LongPollOptions = {}) {
    this.#feed = feed;
    this.#holdMs = options.holdMs ?? LONG_POLL_HOLD_MS;
    this.#unsubscribe = feed.onTick(() => this.#answerAll());
  }

  /** How many polls are held now. */
  get waiting(): number {
    return this.#held.size;
  }

  /**
   * Answers the poll now if there is something to say (ticks after `since`, or a snapshot for a client
   * that has none, is from another epoch or claims a tick from the future), else holds it. Returns its
   * booking at once: for a held poll, it is filled in when the poll is answered.
   */
  handle(req: IncomingMessage, res: ServerResponse, rawQuery: string, admit: PollAdmission): Booking | undefined {
    const poll = readPoll(req, res, rawQuery, 'longpolling', admit);
    if (!poll.admitted) return poll.booking;
    const booking: Booking | undefined = poll.tab === undefined ? undefined : { tab: poll.tab, ledger: 'longpolling' };
    const held: HeldPoll = { req, res, point: poll.point, booking, heldAt: performance.now() };
    if (!this.#upToDate(poll.point)) {
      this.#answer(held, held.heldAt);
      return booking;
    }
    this.#held.add(held);
    // A client that goes away stops waiting: nothing is written to its dead connection.
    res.once('close', () => this.#forget(held));
    this.#arm();
    return booking;
  }

  /** Answers every held poll at once with `refusal` (the server is shutting down); returns how many there were. */
  releaseAll(refusal: Refusal): number {
    const count = this.#held.size;
    const now = performance.now();
    for (const held of this.#held) {
      if (held.res.destroyed) continue;
      const body = sendPollRefusal(held.req, held.res, refusal);
      if (held.booking) {
        held.booking.body = body;
        held.booking.heldMs = now - held.heldAt;
      }
    }
    this.#held.clear();
    this.#disarm();
    return count;
  }

  /** Stops listening for ticks and timing polls out; the held polls' connections are the server's to close. */
  close(): void {
    this.#unsubscribe();
    this.#held.clear();
    this.#disarm();
  }

  /** Whether the poll's answer now would be no ticks: it asks for what comes after the latest tick. */
  #upToDate({ since, epoch }: ResumePoint): boolean {
    const { engine } = this.#feed;
    return since === engine.latestSeq && (epoch === undefined || epoch === engine.epoch);
  }

  /** On each tick: every held poll is now behind by that tick. */
  #answerAll(): void {
    if (this.#held.size === 0) return;
    const now = performance.now();
    for (const held of this.#held) this.#answer(held, now);
    this.#held.clear();
    this.#disarm();
  }

  #answer(held: HeldPoll, now: number): void {
    if (held.res.destroyed) return;
    const body = sendPollBody(held.req, held.res, this.#feed.pollBody(held.point));
    if (held.booking) {
      held.booking.body = body;
      held.booking.heldMs = now - held.heldAt;
    }
  }

  #forget(held: HeldPoll): void {
    if (this.#held.delete(held) && this.#held.size === 0) this.#disarm();
  }

  /** Times out the polls held for the hold time; the rest wait on. */
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const held of this.#held) {
      if (held.heldAt + this.#holdMs > now) break;
      this.#held.delete(held);
      this.#answer(held, now);
    }
    this.#arm();
  }

  /** Sets the timer for the oldest held poll, unless it is set already. */
  #arm(): void {
    if (this.#timer !== undefined) return;
    const oldest = this.#held.values().next();
    if (oldest.done === true) return;
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, oldest.value.heldAt + this.#holdMs - performance.now()));
    this.#timer.unref();
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
