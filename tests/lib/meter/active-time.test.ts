import { describe, expect, it } from 'vitest';
import { ActiveTime } from '../../../lib/meter/active-time';

describe('ActiveTime', () => {
  it('should count nothing before a mode is set', () => {
    const time = new ActiveTime();
    expect(time.totalMs('socketio', 5_000)).toBe(0);
    expect(time.totalMs('polling', 5_000)).toBe(0);
  });

  it('should count the running mode up to now, and only that mode', () => {
    const time = new ActiveTime();
    time.set('socketio', 1_000);
    expect(time.totalMs('socketio', 4_500)).toBe(3_500);
    expect(time.totalMs('polling', 4_500)).toBe(0);
  });

  it('should add up the stretches of each mode across switches', () => {
    const time = new ActiveTime();
    time.set('socketio', 0);
    time.set('polling', 2_000);
    time.set('socketio', 5_000);
    time.set('polling', 6_000);
    expect(time.totalMs('socketio', 10_000)).toBe(3_000);
    expect(time.totalMs('polling', 10_000)).toBe(7_000);
  });

  it('should stop counting while no transport runs', () => {
    const time = new ActiveTime();
    time.set('polling', 0);
    time.set(null, 1_000);
    time.set('polling', 9_000);
    expect(time.totalMs('polling', 10_000)).toBe(2_000);
  });

  it('should change nothing when told the mode it already has', () => {
    const time = new ActiveTime();
    time.set('socketio', 0);
    time.set('socketio', 4_000);
    expect(time.totalMs('socketio', 5_000)).toBe(5_000);
  });

  it('should start both from zero on reset, the running mode counting on from then', () => {
    const time = new ActiveTime();
    time.set('socketio', 0);
    time.set('polling', 3_000);
    time.reset(4_000);
    expect(time.totalMs('socketio', 6_000)).toBe(0);
    expect(time.totalMs('polling', 6_000)).toBe(2_000);
  });

  it('should not count a stretch as negative if the clock steps back', () => {
    const time = new ActiveTime();
    time.set('socketio', 10_000);
    expect(time.totalMs('socketio', 9_000)).toBe(0);
    time.set('polling', 9_500);
    expect(time.totalMs('socketio', 9_500)).toBe(0);
  });
});
