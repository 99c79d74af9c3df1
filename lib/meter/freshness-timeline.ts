import { FreshnessHistogram, type FreshnessSummary } from './freshness-histogram';

/** Each slot holds the ticks that reached the screen within one second of the tab's clock. */
export const TIMELINE_SLOT_MS = 1000;
/** A minute of slots: the same span as the price chart. */
export const TIMELINE_SLOTS = 60;

/** One second of tick ages. */
export interface FreshnessSlot extends FreshnessSummary {
  /** Whole slots between this one's end and the end of the latest complete slot: 0 is the latest. */
  readonly ago: number;
}

interface Slot {
  /** Which second (shown time ÷ TIMELINE_SLOT_MS) the histogram holds; NaN while it holds nothing. */
  second: number;
  readonly ages: FreshnessHistogram;
  /** Cached once the slot is complete; cleared when a late age arrives. */
  summary: FreshnessSummary | null;
}

/**
 * Tick ages per second of the last minute, for one mode: how their spread changes over time, so a class
 * sees polling's ages fan out to the interval the moment it is switched on. A second is short enough
 * that each poll at 1 s gets a slot of its own, and long enough that a slot holds a few ticks to take
 * percentiles of (at 10 ticks a second; Socket.IO shows every one).
 *
 * Each slot is its own HDR histogram, keyed by the second the ticks were shown in, not cut by a timer
 * (as hdr-histogram-js's Recorder would): a tick whose frame comes late still lands in its own second,
 * and what a slot holds does not depend on when the page asks. The slots are a ring, reused as the
 * minute moves on.
 */
export class FreshnessTimeline {
  readonly #slots: Slot[] = Array.from({ length: TIMELINE_SLOTS + 1 }, () => ({
    second: Number.NaN,
    ages: new FreshnessHistogram(),
    summary: null,
  }));

  /** Records an age, ms, of a tick that reached the screen at `shownAt` (tab clock, ms). */
  record(ageMs: number, shownAt: number): void {
    const second = Math.floor(shownAt / TIMELINE_SLOT_MS);
    const slot = this.#slotFor(second);
    if (slot.second > second) return; // older than the ring holds
    if (slot.second !== second) {
      slot.ages.reset();
      slot.second = second;
    }
    slot.ages.record(ageMs);
    slot.summary = null;
  }

  /**
   * The complete slots of the TIMELINE_SLOTS seconds before `now` (tab clock), newest first, without
   * the seconds in which no tick was shown (the mode was off, or the page hidden). The second `now` is
   * in is still filling, so it is left out.
   */
  slots(now: number): FreshnessSlot[] {
    const current = Math.floor(now / TIMELINE_SLOT_MS);
    const slots: FreshnessSlot[] = [];
    for (let ago = 0; ago < TIMELINE_SLOTS; ago++) {
      const second = current - 1 - ago;
      const slot = this.#slotFor(second);
      if (slot.second !== second) continue;
      slot.summary ??= slot.ages.summary();
      slots.push({ ago, ...slot.summary });
    }
    return slots;
  }

  reset(): void {
    for (const slot of this.#slots) {
      slot.ages.reset();
      slot.second = Number.NaN;
      slot.summary = null;
    }
  }

  #slotFor(second: number): Slot {
    const count = this.#slots.length;
    return this.#slots[((second % count) + count) % count]!;
  }
}
