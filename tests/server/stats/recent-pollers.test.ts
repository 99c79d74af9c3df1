import { describe, expect, it } from 'vitest';
import { RecentPollers } from '../../../server/stats/recent-pollers';

describe('RecentPollers', () => {
  it('should count each poller once however often it polled in the window', () => {
    const pollers = new RecentPollers(3);
    for (let i = 0; i < 10; i++) pollers.saw('tab-a');
    pollers.saw('tab-b');
    expect(pollers.endWindow()).toBe(2);
  });

  it('should tell a tab from a connection, and two connections apart', () => {
    const pollers = new RecentPollers(1);
    const connection = {};
    pollers.saw('tab-a');
    pollers.saw(connection);
    pollers.saw(connection);
    pollers.saw({});
    expect(pollers.endWindow()).toBe(3);
  });

  it('should keep counting a quiet poller for the given windows, the one it polled in included, and then forget it', () => {
    const pollers = new RecentPollers(3);
    pollers.saw('tab-a');
    expect([pollers.endWindow(), pollers.endWindow(), pollers.endWindow(), pollers.endWindow()]).toEqual([1, 1, 1, 0]);
    // Forgotten, not just left out: it counts again only when it polls again.
    expect(pollers.endWindow()).toBe(0);
    pollers.saw('tab-a');
    expect(pollers.endWindow()).toBe(1);
  });

  it('should count from its latest poll a poller that polls every few windows', () => {
    const pollers = new RecentPollers(2);
    const counts: number[] = [];
    for (let window = 0; window < 8; window++) {
      if (window % 2 === 0) pollers.saw('every-other-window');
      counts.push(pollers.endWindow());
    }
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('should refuse a window count that is not a whole number of at least one', () => {
    expect(() => new RecentPollers(0)).toThrow(RangeError);
    expect(() => new RecentPollers(1.5)).toThrow(/whole number/);
  });
});
