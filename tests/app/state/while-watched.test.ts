import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WhileWatched } from '../../../app/_state/while-watched';

/** A WhileWatched over a log of its starts and stops. */
function watchedLog(stopLater: boolean) {
  const log: string[] = [];
  const watched = new WhileWatched({ start: () => log.push('start'), stop: () => log.push('stop'), stopLater });
  return { log, watched };
}

describe('WhileWatched', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should start at the first watcher and stop when the last has left, once each', () => {
    const { log, watched } = watchedLog(false);
    const leaveA = watched.watch();
    const leaveB = watched.watch();
    expect(log).toEqual(['start']);

    leaveA();
    leaveA();
    expect(log).toEqual(['start']);
    leaveB();
    expect(log).toEqual(['start', 'stop']);
  });

  it('should tell every watcher of a change, and no watcher that has left', () => {
    const { watched } = watchedLog(false);
    const a = vi.fn();
    const b = vi.fn();
    watched.watch(a);
    const leaveB = watched.watch(b);
    watched.changed();
    leaveB();
    watched.changed();

    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('should keep running for a watcher that leaves and comes straight back, when told to stop later', async () => {
    const { log, watched } = watchedLog(true);
    watched.watch()();
    const leave = watched.watch();
    await vi.runAllTimersAsync();
    expect(log).toEqual(['start']);

    leave();
    expect(log).toEqual(['start']);
    await vi.runAllTimersAsync();
    expect(log).toEqual(['start', 'stop']);
  });

  it('should stop at once on stopNow, forget its watchers, and start again for the next', async () => {
    const { log, watched } = watchedLog(true);
    const leave = watched.watch();
    watched.stopNow();
    expect(log).toEqual(['start', 'stop']);

    leave();
    await vi.runAllTimersAsync();
    watched.watch();
    expect(log).toEqual(['start', 'stop', 'start']);
  });
});
