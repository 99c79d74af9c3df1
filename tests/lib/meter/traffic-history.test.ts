import { describe, expect, it } from 'vitest';
import { MINUTE_MS, TrafficHistory, type TrafficReading } from '../../../lib/meter/traffic-history';

interface Steady {
  readonly fromMs: number;
  readonly toMs: number;
  readonly everyMs: number;
  readonly requestsPerSecond: number;
  readonly bytesPerRequest: number;
  /** The request total at `fromMs`. Default 0. */
  readonly startRequests?: number;
}

/** A mode making `requestsPerSecond` requests of `bytesPerRequest` bytes each, read every `everyMs` from `fromMs` to `toMs`. */
function steady(history: TrafficHistory, { fromMs, toMs, everyMs, requestsPerSecond, bytesPerRequest, startRequests = 0 }: Steady) {
  for (let at = fromMs; at <= toMs; at += everyMs) {
    const requests = startRequests + ((at - fromMs) * requestsPerSecond) / 1000;
    history.record({
      at,
      requests,
      bytes: requests * bytesPerRequest,
      requestsPerSecond,
      bytesPerSecond: requestsPerSecond * bytesPerRequest,
    });
  }
}

const reading = (at: number, requests: number, bytes: number, requestsPerSecond = 0, bytesPerSecond = 0): TrafficReading => ({
  at,
  requests,
  bytes,
  requestsPerSecond,
  bytesPerSecond,
});

describe('TrafficHistory', () => {
  it('should have no minute until the meter has a rate, from its second report', () => {
    const history = new TrafficHistory();
    expect(history.perMinute()).toBeNull();
    history.record(reading(1_000, 10, 9_000));
    expect(history.perMinute()).toBeNull();
    history.record(reading(2_000, 20, 18_000, 10, 9_000));
    expect(history.perMinute()).not.toBeNull();
  });

  it('should extrapolate from the current rates, and say when a minute will have been measured', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 1_000, toMs: 11_000, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 1_200 });
    const minute = history.perMinute();
    expect(minute).toEqual({ basis: 'extrapolated', requests: 600, bytes: 720_000, measuredInMs: 50_000 });
  });

  it('should measure the last minute once one has passed, from the growth of the totals', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 0, toMs: 90_000, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 1_200 });
    // Rates that disagree with the totals show which figure the minute comes from.
    history.record(reading(91_000, 910, 1_092_000, 99, 99));
    const minute = history.perMinute();
    expect(minute?.basis).toBe('measured');
    expect(minute?.requests).toBeCloseTo(600, 9);
    expect(minute?.bytes).toBeCloseTo(720_000, 9);
  });

  it('should scale a span a little over a minute to exactly one minute', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 500, toMs: 60_500, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 10, startRequests: 5 });
    history.record(reading(61_000, 610, 6_100));
    // From the reading at 0.5 s, 60.5 s before the last: 605 requests in 60.5 s.
    expect(history.perMinute()).toEqual({ basis: 'measured', requests: 600, bytes: 6_000 });
  });

  it('should keep only the last minute and the reading just before it', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 0, toMs: 100_000, everyMs: 1_000, requestsPerSecond: 1, bytesPerRequest: 1 });
    const readings = history.readings();
    expect(readings[0]?.at).toBe(100_000 - MINUTE_MS);
    expect(readings.at(-1)?.at).toBe(100_000);
    expect(readings).toHaveLength(61);
  });

  it('should start over when the totals go down, as after a reset', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 0, toMs: 70_000, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 100 });
    history.record(reading(70_000, 0, 0));
    expect(history.readings()).toEqual([]);
    expect(history.perMinute()).toBeNull();
    history.record(reading(71_000, 10, 1_000, 0, 0));
    expect(history.perMinute()).toBeNull();
    history.record(reading(72_000, 20, 2_000, 10, 1_000));
    expect(history.perMinute()).toMatchObject({ basis: 'extrapolated', requests: 600, measuredInMs: 59_000 });
  });

  it('should not measure a minute across a restart of the minute', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 0, toMs: 70_000, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 100 });
    history.record(reading(71_000, 711, 71_100, 4, 400), { restartMinute: true });
    steady(history, { fromMs: 72_000, toMs: 100_000, everyMs: 1_000, requestsPerSecond: 4, bytesPerRequest: 100, startRequests: 715 });
    expect(history.perMinute()).toMatchObject({ basis: 'extrapolated', requests: 240, measuredInMs: 31_000 });
    // The plot keeps its points across the restart: the change is what it should show.
    expect(history.readings()[0]?.at).toBe(40_000);
  });

  it('should restart the minute after a silence longer than the meter ever leaves between reports', () => {
    const history = new TrafficHistory();
    steady(history, { fromMs: 0, toMs: 30_000, everyMs: 1_000, requestsPerSecond: 10, bytesPerRequest: 100 });
    // The view was left for a minute: its figures did not grow, and that was not a quiet minute of polling.
    history.record(reading(90_000, 300, 30_000, 10, 1_000));
    history.record(reading(91_000, 310, 31_000, 10, 1_000));
    expect(history.perMinute()).toMatchObject({ basis: 'extrapolated', requests: 600, measuredInMs: 59_000 });
  });

  it('should replace the newest reading with one taken at the same time', () => {
    const history = new TrafficHistory();
    history.record(reading(1_000, 10, 100));
    history.record(reading(2_000, 20, 200, 10, 100));
    history.record(reading(2_000, 20, 200, 12, 120));
    expect(history.readings()).toHaveLength(2);
    expect(history.perMinute()).toMatchObject({ requests: 720, bytes: 7_200 });
  });
});
