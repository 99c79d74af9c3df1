import { afterEach, describe, expect, it } from 'vitest';
import { CONTENDERS, CPU_TARGETS, PUSH_CPU_CONTENDERS, runPushCpu } from '../programs/bench/benchmarks/push-cpu';
import { stopAllChildren } from '../programs/bench/processes/child-process';
import { readFdLimits } from '../programs/bench/processes/fd-limit';
import { webSocketRows } from '../programs/bench/report/websocket-report';

describe('runPushCpu', () => {
  afterEach(() => stopAllChildren());

  it('should measure every push mode and both baselines in each round, and judge every target', async () => {
    const result = await runPushCpu(readFdLimits(), { viewers: 20, rounds: 1, warmupSeconds: 0, windowSeconds: 2 });

    expect(result.contenders).toEqual(PUSH_CPU_CONTENDERS);
    const [round] = result.rounds;
    for (const name of PUSH_CPU_CONTENDERS) {
      const run = round?.[name];
      // Each ran its own server under viewers of its own mode, every one of which saw every tick once.
      expect(run, name).toMatchObject({ server: CONTENDERS[name].server, mode: CONTENDERS[name].mode, problems: [] });
      // No timing asserts: only that each figure was measured, not how large it is.
      expect(run?.ticks, name).toBeGreaterThan(0);
      expect(run?.microsPerTick, name).toBeGreaterThan(0);
    }
    expect(result.verdicts.map((v) => [v.contender, v.baseline, v.max])).toEqual(CPU_TARGETS.map((t) => [t.contender, t.baseline, t.max]));
    for (const verdict of result.verdicts) {
      expect(verdict.ratio).toBeCloseTo(verdict.contenderMicros / verdict.baselineMicros);
      expect(verdict.perRound).toHaveLength(1);
    }

    const rows = webSocketRows({ cpu: { ran: true, result }, scale: undefined, soak: undefined, kaazing: undefined, cluster: undefined });
    expect(rows).toHaveLength(CPU_TARGETS.length);
    expect(rows[2]).toMatch(
      /^\| Server CPU per delivered tick, WebSocket \(this server\) ÷ raw ws, 20 viewers at 10 ticks\/s \| .* \| ≤ 1\.15× \| \*\*(PASS|FAIL)\*\* \|$/,
    );
  }, 120_000);

  it('should judge only the targets whose contender and baseline both ran', async () => {
    const result = await runPushCpu(readFdLimits(), { contenders: ['sse', 'raw'], viewers: 10, rounds: 1, warmupSeconds: 0, windowSeconds: 1 });
    expect(result.verdicts.map((v) => `${v.contender}÷${v.baseline}`)).toEqual(['sse÷raw']);
  }, 60_000);
});
