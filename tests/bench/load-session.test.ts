import { afterEach, describe, expect, it } from 'vitest';
import { stopAllChildren } from '../programs/bench/processes/child-process';
import { readFdLimits } from '../programs/bench/processes/fd-limit';
import { runLoadSession } from '../programs/bench/viewers/load-session';
import { viewerCounts } from '../programs/load/load-generator';

describe('runLoadSession', () => {
  afterEach(() => stopAllChildren());

  it('should run the real server under a small load in its own process and measure a window of it', async () => {
    const session = await runLoadSession({
      server: 'app',
      viewers: viewerCounts({ socketio: 20, polling: 4 }),
      intervalMs: 200,
      warmupSeconds: 0,
      windowSeconds: 2,
      limits: readFdLimits(),
    });
    const { window } = session;

    expect(session.problems).toEqual([]);
    expect(session.connected).toBe(24);
    expect(window.seconds).toBeGreaterThan(1.9);
    // No timing asserts: only that each figure was measured, not how large it is.
    expect(window.modes.socketio.ticks).toBeGreaterThan(0);
    expect(window.modes.polling.requests).toBeGreaterThan(0);
    expect(window.modes.socketio.latency.summary().count).toBe(window.modes.socketio.ticks);
    expect(window.serverCpuMicros).toBeGreaterThan(0);
    expect(window.serverBytes).toBeGreaterThan(0);
    expect(window.totals.processes).toHaveLength(2);
    expect(session.loaded.accepted).toBeGreaterThanOrEqual(24);
  }, 60_000);
});
