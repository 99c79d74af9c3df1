import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketEngine } from '../../../lib/market/market-engine';
import type { Tick } from '../../../lib/protocol/tick';

const INTERVAL = 100;

describe('MarketEngine timer', () => {
  /** Extra time the engine's clock is ahead of the fake timers: how a test makes a tick "take" time. */
  let lag = 0;
  let engine: MarketEngine;
  let ticks: Tick[];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    lag = 0;
    engine = new MarketEngine({ symbols: 5, tickIntervalMs: INTERVAL }, { now: () => Date.now() + lag });
    ticks = [];
    engine.onTick((tick) => ticks.push(tick));
  });

  afterEach(() => {
    engine.stop();
    vi.useRealTimers();
  });

  const timestamps = () => ticks.map((t) => t.ts);

  it('should not tick until started', async () => {
    expect(engine.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(ticks).toHaveLength(0);
  });

  it('should tick once every tickIntervalMs after start', async () => {
    engine.start();
    expect(engine.running).toBe(true);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(ticks).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9 * INTERVAL);
    expect(timestamps()).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * INTERVAL));
    expect(ticks.map((t) => t.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('should not drift when every tick takes time', async () => {
    // Each tick's listeners take 7 ms: chained timeouts would fall 7 ms further behind with every tick.
    engine.onTick(() => {
      lag += 7;
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(50 * INTERVAL);
    // The engine's clock is now ahead of the timers, so a few more ticks have come: all of them on the grid.
    expect(ticks.length).toBeGreaterThanOrEqual(50);
    expect(timestamps()).toEqual(ticks.map((_, i) => (i + 1) * INTERVAL));
  });

  it('should resume on the grid without bursting after a tick that stalls', async () => {
    const stall = 5.5 * INTERVAL;
    engine.onTick((tick) => {
      if (tick.seq === 3) lag += stall;
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);

    const stallEnd = 3 * INTERVAL + stall;
    const firstAfter = Math.floor(stallEnd / INTERVAL + 1) * INTERVAL;
    const [before, after] = [timestamps().slice(0, 3), timestamps().slice(3)];
    expect(before).toEqual([1, 2, 3].map((k) => k * INTERVAL));
    // The slots missed during the stall are skipped, not made up in a burst.
    expect(after[0]).toBe(firstAfter);
    after.forEach((ts, i) => expect(ts).toBe(firstAfter + i * INTERVAL));
    expect(after.length).toBeGreaterThan(1);
  });

  it('should make one late tick, not a burst, when its timer fires late', async () => {
    engine.start();
    await vi.advanceTimersByTimeAsync(2.5 * INTERVAL);
    lag += 5.5 * INTERVAL; // the event loop was blocked: the engine's clock jumped ahead meanwhile
    await vi.advanceTimersByTimeAsync(INTERVAL / 2);
    const late = 3 * INTERVAL + lag;
    expect(timestamps()).toEqual([INTERVAL, 2 * INTERVAL, late]);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    const nextSlot = Math.ceil(late / INTERVAL) * INTERVAL;
    expect(timestamps().slice(3)).toEqual([nextSlot, nextSlot + INTERVAL, nextSlot + 2 * INTERVAL]);
  });

  it('should not tick faster when started twice', async () => {
    engine.start();
    engine.start();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(ticks).toHaveLength(10);
  });

  it('should stop ticking when stopped', async () => {
    engine.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    engine.stop();
    expect(engine.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(ticks).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should stop at once when a listener stops it', async () => {
    engine.onTick((tick) => {
      if (tick.seq === 2) engine.stop();
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(ticks).toHaveLength(2);
    expect(engine.running).toBe(false);
  });

  it('should continue the sequence on a fresh grid when restarted', async () => {
    engine.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    engine.stop();
    await vi.advanceTimersByTimeAsync(INTERVAL / 4);
    const restartedAt = Date.now();
    engine.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(ticks.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(timestamps().slice(2)).toEqual([1, 2, 3].map((k) => restartedAt + k * INTERVAL));
  });

  it('should not tick twice per interval when a listener restarts it', async () => {
    engine.onTick((tick) => {
      if (tick.seq === 2) {
        engine.stop();
        engine.start();
      }
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(ticks).toHaveLength(10);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('should keep ticking for every other listener when one throws', async () => {
    const failing = vi.fn(() => {
      throw new Error('listener failed');
    });
    const later: Tick[] = [];
    engine.onTick(failing);
    engine.onTick((tick) => later.push(tick));
    engine.start();
    // The timer callback must not let the error escape (this would reject): in Node it would crash the process.
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(failing).toHaveBeenCalledTimes(5);
    expect(ticks).toHaveLength(5);
    expect(later).toEqual(ticks);
    expect(engine.running).toBe(true);
  });
});
