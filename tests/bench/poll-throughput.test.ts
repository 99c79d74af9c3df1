import { afterEach, describe, expect, it } from 'vitest';
import { runPollThroughput } from '../programs/bench/benchmarks/poll-throughput';
import { stopAllChildren } from '../programs/bench/processes/child-process';

/** One short round on few connections: what the benchmark does, not how fast. */
const SMALL = { rounds: 1, durationSeconds: 1, warmupSeconds: 1, connections: 4 };

describe('the polling benchmark', () => {
  afterEach(() => stopAllChildren());

  it('should race polls that keep up with the live market, naming many tabs, against both servers with the same bytes', async () => {
    // Enough tabs that even a quick machine keeps each under the limit of 30 polls a second.
    const result = await runPollThroughput({ ...SMALL, tabs: 4000 });

    expect(result.rounds).toHaveLength(1);
    const [round] = result.rounds;
    for (const run of [round?.bare, round?.ours]) {
      expect(run?.answered).toBeGreaterThan(100);
      // Each poll asks from the newest tick seen: a few answers bring the tick just made, most say
      // nothing is new. A since that did not follow would bring ticks in every answer.
      expect(run?.withTicks).toBeGreaterThan(0);
      expect((run?.withTicks ?? 0) / (run?.answered ?? 1)).toBeLessThan(0.5);
      expect(run?.serverMicrosPerAnswer).toBeGreaterThan(0);
    }
    expect(Math.abs((round?.ours.bytesPerAnswer ?? 0) - (round?.bare.bytesPerAnswer ?? 0))).toBeLessThan(10);
    expect(result.ratio).toBeGreaterThan(0);
  }, 60_000);

  it('should stop on the rate limit rather than measure refusals when too few tabs poll too often', async () => {
    await expect(runPollThroughput({ ...SMALL, tabs: 2 })).rejects.toThrow(/responses were not 2xx/);
  }, 60_000);
});
