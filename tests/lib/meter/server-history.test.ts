import { describe, expect, it } from 'vitest';
import { EMPTY_SERVER_VIEW, SERVER_HISTORY_MS, ServerHistory } from '../../../lib/meter/server-history';
import { serverCountersSchema, type ServerCounters, type ServerProcess, type ServerSample } from '../../../lib/protocol/server-stats';
import { perMode } from '../../../lib/protocol/transport-mode';

const PROCESS: ServerProcess = {
  pid: 4242,
  startedAt: 1_000,
  cores: 2,
  nodeVersion: 'v20.20.2',
  tickIntervalMs: 100,
  pollerWindowMs: 6_000,
  sampleIntervalMs: 1_000,
};

const ZERO = Object.fromEntries(Object.keys(serverCountersSchema.shape).map((key) => [key, 0])) as ServerCounters;

function sampleAt(at: number): ServerSample {
  return {
    at,
    windowMs: 1_000,
    role: 'alone',
    viewers: perMode(() => 0),
    connections: 0,
    totals: ZERO,
    perSecond: ZERO,
    cpuPercent: 1,
    eventLoopDelay: { p99Ms: 1, maxMs: 2 },
    memory: { rss: 3, heapUsed: 1, heapTotal: 2 },
  };
}

const seconds = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => sampleAt((from + i) * 1_000));

describe('ServerHistory', () => {
  it('should start empty', () => {
    expect(new ServerHistory().view).toBe(EMPTY_SERVER_VIEW);
  });

  it('should keep the samples in order, the newest as the latest', () => {
    const history = new ServerHistory();
    history.take({ process: PROCESS, samples: seconds(1, 3) });
    const view = history.take({ process: PROCESS, samples: [sampleAt(4_000)] });
    expect(view.process).toEqual(PROCESS);
    expect(view.samples.map((sample) => sample.at)).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(view.latest?.at).toBe(4_000);
  });

  it('should skip what it has when a reconnected feed sends the last minute again', () => {
    const history = new ServerHistory();
    history.take({ process: PROCESS, samples: seconds(1, 5) });
    const view = history.take({ process: PROCESS, samples: seconds(3, 7) });
    expect(view.samples.map((sample) => sample.at)).toEqual([1, 2, 3, 4, 5, 6, 7].map((s) => s * 1_000));
  });

  it('should keep only the last minute before the newest sample', () => {
    const history = new ServerHistory();
    const view = history.take({ process: PROCESS, samples: seconds(1, 100) });
    expect(view.samples[0]?.at).toBe(100_000 - SERVER_HISTORY_MS);
    expect(view.samples).toHaveLength(61);
  });

  it('should start over for another process, even one that reuses the pid', () => {
    const history = new ServerHistory();
    history.take({ process: PROCESS, samples: seconds(1, 5) });
    const restarted = { ...PROCESS, startedAt: 9_000 };
    const view = history.take({ process: restarted, samples: [sampleAt(2_000)] });
    expect(view.process).toEqual(restarted);
    expect(view.samples.map((sample) => sample.at)).toEqual([2_000]);
  });

  it('should show the process before its first sample', () => {
    const view = new ServerHistory().take({ process: PROCESS, samples: [] });
    expect(view).toEqual({ process: PROCESS, samples: [], latest: null });
  });
});
