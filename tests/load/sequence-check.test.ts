import { describe, expect, it } from 'vitest';
import { SequenceCheck } from '../programs/load/sequence-check';

describe('SequenceCheck', () => {
  it('should accept consecutive ticks after a snapshot', () => {
    const check = new SequenceCheck();
    check.resumeAt(1, 10);
    expect([11, 12, 13].map((seq) => check.observe(1, seq))).toEqual([true, true, true]);
    expect({ gaps: check.gaps, duplicates: check.duplicates, ticks: check.ticks, last: check.last }).toEqual({
      gaps: 0,
      duplicates: 0,
      ticks: 3,
      last: 13,
    });
  });

  it('should count the ticks a gap leaves out', () => {
    const check = new SequenceCheck();
    check.resumeAt(1, 10);
    check.observe(1, 11);
    check.observe(1, 15);
    expect(check.gaps).toBe(3);
  });

  it('should count a tick at or before the last one as a duplicate and not as new', () => {
    const check = new SequenceCheck();
    check.resumeAt(1, 10);
    check.observe(1, 11);
    expect(check.observe(1, 11)).toBe(false);
    expect(check.observe(1, 9)).toBe(false);
    expect(check.duplicates).toBe(2);
    expect(check.ticks).toBe(1);
  });

  it('should start over in a new epoch instead of calling the jump a gap', () => {
    const check = new SequenceCheck();
    check.resumeAt(1, 500);
    check.observe(2, 1);
    check.observe(2, 2);
    expect({ gaps: check.gaps, duplicates: check.duplicates, epoch: check.epoch, last: check.last }).toEqual({
      gaps: 0,
      duplicates: 0,
      epoch: 2,
      last: 2,
    });
  });
});
