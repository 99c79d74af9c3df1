import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, viewerCounts } from '../programs/load/load-generator';
import { problemsOf } from '../programs/load/load-report';
import type { ModeTally } from '../programs/load/mode-tally';
import { stopAllChildren } from '../programs/bench/processes/child-process';
import { readFdLimits } from '../programs/bench/processes/fd-limit';
import { RawWsViewer } from '../programs/bench/viewers/raw-ws-viewer';
import { startServerProcess } from '../programs/bench/servers/server-process';

describe('the raw ws baseline server', () => {
  afterEach(() => stopAllChildren());

  it('should deliver every tick, in order, to each of its viewers, and answer samples', async () => {
    const server = await startServerProcess('raw-ws', 20, readFdLimits());
    const idle = await server.sample(true);
    const run = await runLoad({
      url: server.url,
      viewers: viewerCounts({ websocket: 5 }),
      intervalMs: 1000,
      durationMs: 2000,
      batch: 5,
      webSocketViewer: (url: URL, tally: ModeTally) => new RawWsViewer(url, tally),
    });
    const busy = await server.sample();
    await server.stop();

    expect(problemsOf(run)).toEqual([]);
    expect(run.tallies.websocket.connected).toBe(5);
    // A tick every 100 ms for about 2 s, to each of the 5 viewers.
    expect(run.tallies.websocket.ticks).toBeGreaterThan(5 * 10);
    expect(busy.accepted).toBe(5);
    expect(busy.bytesOut).toBeGreaterThan(idle.bytesOut);
    expect(busy.cpuMicros).toBeGreaterThan(idle.cpuMicros);
  });
});
