import { describe, expect, it } from 'vitest';
import { NO_FRESHNESS, type FreshnessSummary } from '../../../lib/meter/freshness-histogram';
import { comparePollWait, MIN_COMPARED_TICKS } from '../../../lib/meter/poll-wait';

const ages = (count: number, p50: number): FreshnessSummary => ({ count, p50, p95: p50 * 2, max: p50 * 3 });

describe('comparePollWait', () => {
  it('should expect half an interval on the median and a whole one at most', () => {
    const wait = comparePollWait(1000, NO_FRESHNESS, NO_FRESHNESS);
    expect(wait).toMatchObject({ pollIntervalMs: 1000, expectedMedianMs: 500, expectedMaxMs: 1000 });
    expect(comparePollWait(250, NO_FRESHNESS, NO_FRESHNESS).expectedMedianMs).toBe(125);
  });

  it('should measure polling’s median minus Socket.IO’s once both have enough ticks', () => {
    const wait = comparePollWait(1000, ages(MIN_COMPARED_TICKS, 6), ages(80, 493));
    expect(wait.measured).toEqual({ extraMedianMs: 487, pollingMedianMs: 493, socketIoMedianMs: 6 });
    expect(wait.missing).toEqual([]);
  });

  it('should keep a measured difference below zero as it is', () => {
    expect(comparePollWait(100, ages(50, 30), ages(50, 20)).measured?.extraMedianMs).toBe(-10);
  });

  it('should measure nothing and name Socket.IO when it has too few ticks', () => {
    const wait = comparePollWait(1000, ages(MIN_COMPARED_TICKS - 1, 6), ages(80, 493));
    expect(wait.measured).toBeNull();
    expect(wait.missing).toEqual(['socketio']);
  });

  it('should measure nothing and name polling when it has too few ticks at this interval', () => {
    const wait = comparePollWait(5000, ages(200, 6), NO_FRESHNESS);
    expect(wait.measured).toBeNull();
    expect(wait.missing).toEqual(['polling']);
  });

  it('should name both modes, Socket.IO first, when neither has enough', () => {
    expect(comparePollWait(1000, NO_FRESHNESS, NO_FRESHNESS).missing).toEqual(['socketio', 'polling']);
  });
});
