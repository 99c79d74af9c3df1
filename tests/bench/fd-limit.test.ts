import { describe, expect, it } from 'vitest';
import { FD_HEADROOM, fdLimitProblem, withFdLimit } from '../programs/bench/processes/fd-limit';

describe('fdLimitProblem', () => {
  it('should accept a load that fits under the hard limit', () => {
    expect(fdLimitProblem(10_000, { soft: 1024, hard: 20_000 })).toBeUndefined();
  });

  it('should say how many descriptors are needed and what the hard limit is when it does not fit', () => {
    const problem = fdLimitProblem(10_000, { soft: 1024, hard: 4096 });
    expect(problem).toContain(`${(10_000 + FD_HEADROOM).toLocaleString('en-US')} file descriptors`);
    expect(problem).toContain('hard limit here is 4,096');
  });
});

describe('withFdLimit', () => {
  it('should run the command as it is when the soft limit is enough', () => {
    expect(withFdLimit('node', ['a.js'], 100, { soft: 20_000, hard: 20_000 })).toEqual(['node', ['a.js']]);
  });

  it('should raise the soft limit through the shell, keeping the arguments apart', () => {
    const [command, args] = withFdLimit('node', ['a.js', '{"x": 1}'], 10_000, { soft: 1024, hard: Number.POSITIVE_INFINITY });
    expect(command).toBe('bash');
    expect(args).toEqual(['-c', `ulimit -Sn ${10_000 + FD_HEADROOM} && exec "$0" "$@"`, 'node', 'a.js', '{"x": 1}']);
  });

  it('should refuse, with the reason, when the hard limit is too low', () => {
    expect(() => withFdLimit('node', [], 10_000, { soft: 1024, hard: 4096 })).toThrow(/hard limit/);
  });
});
