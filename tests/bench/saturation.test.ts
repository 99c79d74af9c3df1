import { describe, expect, it } from 'vitest';
import { saturationReasons, type CellLoad } from '../programs/bench/report/saturation';

const keepingUp: CellLoad = { viewers: 1000, askedPerSecond: 1000, deliveredPerSecond: 995, serverCores: 0.4, p99Ms: 1010, problems: [] };

describe('saturationReasons', () => {
  it('should find nothing wrong with a load that keeps up', () => {
    expect(saturationReasons(keepingUp, 1000)).toEqual([]);
  });

  it('should call a server at 90% of a core pegged', () => {
    expect(saturationReasons({ ...keepingUp, serverCores: 0.9 }, 1000)).toEqual(['server CPU 90% of a core']);
  });

  it('should call less than 90% of the deliveries asked for saturated', () => {
    expect(saturationReasons({ ...keepingUp, deliveredPerSecond: 899 }, 1000)).toEqual(['90% of the deliveries asked for']);
    expect(saturationReasons({ ...keepingUp, deliveredPerSecond: 900 }, 1000)).toEqual([]);
  });

  it('should allow a p99 up to one and a half intervals and no more', () => {
    expect(saturationReasons({ ...keepingUp, p99Ms: 1500 }, 1000)).toEqual([]);
    expect(saturationReasons({ ...keepingUp, p99Ms: 1501 }, 1000)).toEqual(['p99 1501 ms > 1500 ms']);
  });

  it('should count any viewer problem, and list every reason at once', () => {
    const reasons = saturationReasons({ ...keepingUp, serverCores: 1, problems: ['3 polls failed'] }, 1000);
    expect(reasons).toEqual(['server CPU 100% of a core', '3 polls failed']);
  });
});
