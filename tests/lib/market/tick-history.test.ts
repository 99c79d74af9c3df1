import { describe, expect, it } from 'vitest';
import { TickHistory } from '../../../lib/market/tick-history';
import type { Tick } from '../../../lib/protocol/tick';

function tick(seq: number): Tick {
  return { epoch: 9, seq, ts: 1_000 * seq, updates: [[seq % 3, 100 + seq]] };
}

/** A history holding ticks `from`..`to`, pushed in order. */
function historyOf(capacity: number, from: number, to: number): TickHistory {
  const history = new TickHistory(capacity);
  for (let seq = from; seq <= to; seq++) history.push(tick(seq));
  return history;
}

const seqs = (ticks: readonly Tick[]) => ticks.map((t) => t.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('TickHistory', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('should reject a capacity of %d', (capacity) => {
    expect(() => new TickHistory(capacity)).toThrow(RangeError);
    expect(() => new TickHistory(capacity)).toThrow(/capacity/);
  });

  it('should start empty', () => {
    const history = new TickHistory(4);
    expect(history.size).toBe(0);
    expect(history.latestSeq).toBe(0);
    expect(history.oldestSeq).toBe(1);
    expect(history.all()).toEqual([]);
    expect(history.at(0)).toBeUndefined();
    expect(history.after(0, 10)).toEqual({ ticks: [], gap: false, more: false });
  });

  it('should hold ticks it was given, oldest first', () => {
    const history = historyOf(10, 1, 4);
    expect(history.size).toBe(4);
    expect(history.latestSeq).toBe(4);
    expect(history.oldestSeq).toBe(1);
    expect(seqs(history.all())).toEqual([1, 2, 3, 4]);
    expect(history.at(3)).toEqual(tick(3));
  });

  it('should return the very tick objects it was given', () => {
    const history = new TickHistory(2);
    const first = tick(1);
    history.push(first);
    expect(history.at(1)).toBe(first);
  });

  it('should accept any sequence number for its first tick', () => {
    const history = historyOf(5, 41, 43);
    expect(history.oldestSeq).toBe(41);
    expect(seqs(history.all())).toEqual([41, 42, 43]);
  });

  it.each([
    ['a skipped', 5],
    ['a repeated', 3],
    ['an older', 1],
  ])('should reject %s sequence number', (_, seq) => {
    const history = historyOf(10, 1, 3);
    expect(() => history.push(tick(seq))).toThrow(RangeError);
    expect(history.latestSeq).toBe(3);
    expect(seqs(history.all())).toEqual([1, 2, 3]);
  });

  it('should drop the oldest ticks beyond its capacity', () => {
    const history = historyOf(5, 1, 12);
    expect(history.size).toBe(5);
    expect(history.oldestSeq).toBe(8);
    expect(history.latestSeq).toBe(12);
    expect(seqs(history.all())).toEqual([8, 9, 10, 11, 12]);
    expect(history.at(7)).toBeUndefined();
    expect(history.at(13)).toBeUndefined();
  });

  it('should keep the right tick under each sequence number after wrapping many times', () => {
    const history = historyOf(3, 1, 100);
    for (const seq of [98, 99, 100]) expect(history.at(seq)).toEqual(tick(seq));
    for (const seq of [0, 95, 96, 97, 101]) expect(history.at(seq)).toBeUndefined();
  });

  describe('after', () => {
    it('should return the ticks newer than since, oldest first', () => {
      const result = historyOf(10, 1, 6).after(3, 10);
      expect(seqs(result.ticks)).toEqual([4, 5, 6]);
      expect(result.gap).toBe(false);
      expect(result.more).toBe(false);
    });

    it('should return nothing when the caller is up to date or ahead', () => {
      const history = historyOf(10, 1, 6);
      expect(history.after(6, 10)).toEqual({ ticks: [], gap: false, more: false });
      expect(history.after(60, 10)).toEqual({ ticks: [], gap: false, more: false });
    });

    it('should report no gap when since is the tick just before the oldest held', () => {
      const result = historyOf(5, 1, 12).after(7, 100);
      expect(result.gap).toBe(false);
      expect(seqs(result.ticks)).toEqual(range(8, 12));
    });

    it.each([0, 1, 6])('should report a gap when since = %i is older than the history', (since) => {
      const result = historyOf(5, 1, 12).after(since, 100);
      expect(result.gap).toBe(true);
      expect(seqs(result.ticks)).toEqual(range(8, 12));
    });

    it('should stop at the limit and say there is more', () => {
      const result = historyOf(100, 1, 50).after(10, 7);
      expect(seqs(result.ticks)).toEqual(range(11, 17));
      expect(result.more).toBe(true);
    });

    it('should say there is no more when the limit is exactly enough', () => {
      const result = historyOf(100, 1, 50).after(40, 10);
      expect(seqs(result.ticks)).toEqual(range(41, 50));
      expect(result.more).toBe(false);
    });

    it('should page through the whole history without losing or repeating a tick', () => {
      const history = historyOf(40, 1, 137);
      const received: number[] = [];
      let since = 0;
      let pages = 0;
      for (let more = true; more; pages++) {
        const page = history.after(since, 9);
        expect(page.gap).toBe(pages === 0);
        received.push(...seqs(page.ticks));
        since = page.ticks.at(-1)?.seq ?? since;
        more = page.more;
      }
      expect(received).toEqual(range(98, 137));
      expect(pages).toBe(Math.ceil(40 / 9));
    });

    it('should combine a gap with a limit', () => {
      const result = historyOf(5, 1, 12).after(2, 2);
      expect(result).toMatchObject({ gap: true, more: true });
      expect(seqs(result.ticks)).toEqual([8, 9]);
    });
  });
});
