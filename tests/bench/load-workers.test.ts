import { describe, expect, it } from 'vitest';
import { FreshnessHistogram } from '../../lib/meter/freshness-histogram';
import { encodeFreshness } from '../../lib/meter/freshness-histogram-codec';
import { perMode } from '../../lib/protocol/transport-mode';
import type { ModeFigures, WorkerSample } from '../programs/bench/viewers/load-worker-child';
import { mergeSamples, shares } from '../programs/bench/viewers/load-workers';

describe('shares', () => {
  it('should split viewers into whole shares that differ by at most one', () => {
    expect(shares(10_001, 2)).toEqual([5001, 5000]);
    expect(shares(3, 4)).toEqual([1, 1, 1, 0]);
  });
});

describe('mergeSamples', () => {
  const ages = (values: number[]) => {
    const histogram = new FreshnessHistogram();
    for (const value of values) histogram.record(value);
    return encodeFreshness(histogram);
  };
  const mode = (ticks: number, gaps: number, latency: string): ModeFigures => ({
    viewers: 10,
    connected: 10,
    failed: 0,
    dropped: 0,
    starved: 0,
    ticks,
    gaps,
    duplicates: 0,
    requests: 10,
    latency,
  });
  const sample = (ticks: number, gaps: number, latency: string): WorkerSample => ({
    process: { atMs: 0, cpuMicros: 0, rssBytes: 0, heapUsedBytes: 0, externalBytes: 0 },
    modes: { ...perMode(() => mode(0, 0, '')), socketio: mode(ticks, gaps, latency) },
  });

  it("should add the workers' counts and merge their tick ages", () => {
    const merged = mergeSamples([sample(100, 0, ages([10, 20])), sample(50, 2, ages([30, 40]))]);
    expect(merged.modes.socketio).toMatchObject({ viewers: 20, connected: 20, ticks: 150, gaps: 2, requests: 20 });
    expect(merged.modes.socketio.latency.summary().count).toBe(4);
    expect(merged.modes.polling.latency.summary().count).toBe(0);
    expect(merged.processes).toHaveLength(2);
  });
});
