import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { MarketEngine } from '../../../lib/market/market-engine';
import type { Tick } from '../../../lib/protocol/tick';
import { decodeTick, encodeTick, snapshotSchema, toWireTick } from '../../../lib/protocol/tick-codec';

const TICK: Tick = {
  epoch: 77,
  seq: 1_234,
  ts: 1_717_171_717_171,
  updates: [
    [0, 10_050],
    [4, 1],
    [19, 49_999],
  ],
};

describe('tick codec', () => {
  describe('toWireTick', () => {
    it('should lay a tick out flat as epoch, seq, ts, then skip/cents pairs', () => {
      // Symbols 0, 4 and 19: none skipped before 0, three between 0 and 4, fourteen between 4 and 19.
      expect(toWireTick(TICK)).toEqual([77, 1_234, 1_717_171_717_171, 0, 10_050, 3, 1, 14, 49_999]);
    });

    it('should write a skip of 0 for each symbol next to the one before', () => {
      const adjacent: Tick = {
        epoch: 1,
        seq: 2,
        ts: 3,
        updates: [
          [5, 10],
          [6, 11],
          [7, 12],
        ],
      };
      expect(toWireTick(adjacent)).toEqual([1, 2, 3, 5, 10, 0, 11, 0, 12]);
    });

    it('should refuse updates out of symbol order, which skips cannot express', () => {
      const unordered: Tick = {
        epoch: 1,
        seq: 9,
        ts: 3,
        updates: [
          [4, 10],
          [2, 11],
        ],
      };
      expect(() => toWireTick(unordered)).toThrow(/tick 9: update for symbol 2 is out of order/);
    });

    it('should lay out a tick without updates as its header alone', () => {
      expect(toWireTick({ epoch: 1, seq: 2, ts: 3, updates: [] })).toEqual([1, 2, 3]);
    });
  });

  describe('encodeTick', () => {
    it('should encode the wire form as JSON', () => {
      expect(JSON.parse(encodeTick(TICK))).toEqual(toWireTick(TICK));
    });
  });

  describe('decodeTick', () => {
    it('should round-trip a tick through JSON', () => {
      expect(decodeTick(JSON.parse(encodeTick(TICK)))).toEqual(TICK);
    });

    it('should round-trip a tick without updates', () => {
      const empty: Tick = { epoch: 5, seq: 1, ts: 0, updates: [] };
      expect(decodeTick(JSON.parse(encodeTick(empty)))).toEqual(empty);
    });

    it('should round-trip every tick a market makes', () => {
      const engine = new MarketEngine({ symbols: 500, seed: 9 });
      for (let i = 0; i < 200; i++) {
        const tick = engine.step();
        expect(decodeTick(JSON.parse(encodeTick(tick)))).toEqual(tick);
      }
    });

    it.each([
      ['null', null],
      ['a number', 42],
      ['a JSON string not yet parsed', '[1,2,3]'],
      ['an object', { epoch: 1, seq: 2, ts: 3, updates: [] }],
      ['an empty array', []],
      ['a header cut short', [1, 2]],
      ['a skip without its price', [1, 2, 3, 4]],
      ['a dangling skip after a pair', [1, 2, 3, 4, 5, 6]],
      ['a negative price', [1, 2, 3, 0, -5]],
      ['a negative skip', [1, 2, 3, -1, 500]],
      ['a fractional price', [1, 2, 3, 0, 10.5]],
      ['a fractional sequence number', [1, 2.5, 3]],
      ['a numeric string', [1, 2, 3, 0, '500']],
      ['a null element', [1, null, 3]],
      ['NaN', [1, 2, Number.NaN]],
      ['Infinity', [1, 2, 3, 0, Number.POSITIVE_INFINITY]],
      ['an integer too large to be exact', [1, 2, 3, 0, 2 ** 53]],
      ['a nested pair', [1, 2, 3, [0, 500]]],
    ])('should reject %s with a ZodError', (_, value) => {
      expect(() => decodeTick(value)).toThrow(ZodError);
    });

    it('should name where a malformed tick went wrong', () => {
      try {
        decodeTick([1, 2, 3, 0, -5]);
        expect.unreachable('a negative price must be rejected');
      } catch (error) {
        expect(error).toBeInstanceOf(ZodError);
        expect((error as ZodError).issues[0]?.path).toEqual([4]);
      }
    });
  });

  describe('snapshotSchema', () => {
    it('should accept the snapshot of a running market', () => {
      const engine = new MarketEngine({ symbols: 50 });
      engine.step();
      const snapshot = engine.snapshot();
      expect(snapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    });

    it.each([
      ['a zero price', { epoch: 1, seq: 0, ts: 0, prices: [100, 0] }],
      ['a negative price', { epoch: 1, seq: 0, ts: 0, prices: [-100] }],
      ['a fractional price', { epoch: 1, seq: 0, ts: 0, prices: [100.5] }],
      ['a negative sequence number', { epoch: 1, seq: -1, ts: 0, prices: [100] }],
      ['missing prices', { epoch: 1, seq: 0, ts: 0 }],
    ])('should reject %s', (_, value) => {
      expect(snapshotSchema.safeParse(value).success).toBe(false);
    });
  });
});
