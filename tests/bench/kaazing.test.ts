import { afterEach, describe, expect, it } from 'vitest';
import { TRANSPORT_MODES } from '../../lib/protocol/transport-mode';
import { runKaazing } from '../programs/bench/benchmarks/kaazing';
import { stopAllChildren } from '../programs/bench/processes/child-process';
import { readFdLimits } from '../programs/bench/processes/fd-limit';
import { kaazingTable } from '../programs/bench/report/kaazing-table';

describe('runKaazing', () => {
  afterEach(() => stopAllChildren());

  it('should measure a cell of every mode on the real server', async () => {
    const result = await runKaazing(readFdLimits(), { viewers: [10], warmupSeconds: 0, windowSeconds: 2 });

    expect(result.cells.map((c) => c.mode)).toEqual([...TRANSPORT_MODES]);
    for (const cell of result.cells) {
      // No timing asserts: each figure was measured, whatever its size.
      expect(cell.figures?.bytesPerSecond, cell.mode).toBeGreaterThan(0);
      expect(cell.figures?.ticksPerSecond, cell.mode).toBeGreaterThan(0);
      expect(cell.figures?.serverCores, cell.mode).toBeGreaterThan(0);
    }
    // The pollers asked in the window; the push viewers' one request each came before it.
    const requests = (mode: string) => result.cells.find((c) => c.mode === mode)?.figures?.requestsPerSecond;
    expect(requests('polling')).toBeGreaterThan(0);
    expect(requests('longpolling')).toBeGreaterThan(0);
    expect([requests('socketio'), requests('websocket'), requests('sse')]).toEqual([0, 0, 0]);
    expect(
      kaazingTable(result)
        .slice(2, 7)
        .map((line) => line.split(' | ')[1]),
    ).toEqual(['Socket.IO', 'WebSocket', 'Server-Sent Events', 'Long polling', 'Polling every 1 s']);
  }, 120_000);
});
