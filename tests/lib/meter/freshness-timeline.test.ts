import { describe, expect, it } from 'vitest';
import { FreshnessTimeline, TIMELINE_SLOTS, TIMELINE_SLOT_MS } from '../../../lib/meter/freshness-timeline';

/** A moment well into the tab's life, on a whole second. */
const T0 = 1_700_000_000_000;

describe('FreshnessTimeline', () => {
  it('should show nothing before any tick', () => {
    expect(new FreshnessTimeline().slots(T0)).toEqual([]);
  });

  it('should summarize each second of ticks on its own, newest first', () => {
    const timeline = new FreshnessTimeline();
    // Second 0: Socket.IO-like ages; second 1: ten ticks of one poll at 200 ms, aged 0 to 180 ms (ages
    // below 256 ms, which the histogram holds exactly).
    for (const age of [4, 6, 5, 40]) timeline.record(age, T0 + 100);
    for (let i = 0; i < 10; i++) timeline.record(i * 20, T0 + TIMELINE_SLOT_MS + 500);
    const slots = timeline.slots(T0 + 2 * TIMELINE_SLOT_MS + 10);
    expect(slots).toEqual([
      { ago: 0, count: 10, p50: 80, p95: 180, max: 180 },
      { ago: 1, count: 4, p50: 5, p95: 40, max: 40 },
    ]);
  });

  it('should leave out the second still filling', () => {
    const timeline = new FreshnessTimeline();
    timeline.record(10, T0 + 100);
    timeline.record(20, T0 + 1_100);
    expect(timeline.slots(T0 + 1_900)).toEqual([{ ago: 0, count: 1, p50: 10, p95: 10, max: 10 }]);
  });

  it('should leave out seconds in which no tick was shown, keeping the others in place', () => {
    const timeline = new FreshnessTimeline();
    timeline.record(10, T0);
    timeline.record(250, T0 + 5 * TIMELINE_SLOT_MS);
    const slots = timeline.slots(T0 + 6 * TIMELINE_SLOT_MS);
    expect(slots.map((slot) => [slot.ago, slot.max])).toEqual([
      [0, 250],
      [5, 10],
    ]);
  });

  it('should take in a late age for a second already summarized', () => {
    const timeline = new FreshnessTimeline();
    timeline.record(10, T0 + 100);
    expect(timeline.slots(T0 + 1_500)[0]?.count).toBe(1);
    timeline.record(30, T0 + 900);
    expect(timeline.slots(T0 + 1_600)[0]).toMatchObject({ count: 2, max: 30 });
  });

  it('should keep one minute and forget what is older', () => {
    const timeline = new FreshnessTimeline();
    for (let s = 0; s < 3 * TIMELINE_SLOTS; s++) timeline.record(s, T0 + s * TIMELINE_SLOT_MS);
    const now = T0 + 3 * TIMELINE_SLOTS * TIMELINE_SLOT_MS;
    const slots = timeline.slots(now);
    expect(slots).toHaveLength(TIMELINE_SLOTS);
    expect(slots[0]).toMatchObject({ ago: 0, count: 1, max: 3 * TIMELINE_SLOTS - 1 });
    expect(slots.at(-1)).toMatchObject({ ago: TIMELINE_SLOTS - 1, count: 1, max: 2 * TIMELINE_SLOTS });
  });

  it('should not let an age older than the minute overwrite a newer second', () => {
    const timeline = new FreshnessTimeline();
    const now = T0 + 2 * TIMELINE_SLOTS * TIMELINE_SLOT_MS;
    timeline.record(7, now - TIMELINE_SLOT_MS);
    // The same ring slot, a whole ring earlier.
    timeline.record(99, now - TIMELINE_SLOT_MS - (TIMELINE_SLOTS + 1) * TIMELINE_SLOT_MS);
    expect(timeline.slots(now)).toEqual([{ ago: 0, count: 1, p50: 7, p95: 7, max: 7 }]);
  });

  it('should show nothing of a minute that has passed without ticks', () => {
    const timeline = new FreshnessTimeline();
    timeline.record(10, T0);
    expect(timeline.slots(T0 + (TIMELINE_SLOTS + 1) * TIMELINE_SLOT_MS)).toEqual([]);
  });

  it('should forget everything on reset', () => {
    const timeline = new FreshnessTimeline();
    timeline.record(10, T0);
    timeline.reset();
    expect(timeline.slots(T0 + TIMELINE_SLOT_MS)).toEqual([]);
    timeline.record(20, T0 + TIMELINE_SLOT_MS);
    expect(timeline.slots(T0 + 2 * TIMELINE_SLOT_MS)).toEqual([{ ago: 0, count: 1, p50: 20, p95: 20, max: 20 }]);
  });
});
