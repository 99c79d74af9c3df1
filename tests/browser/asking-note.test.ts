import { describe, expect, it } from 'vitest';
import { formatRatio } from '../../lib/format/format-ratio';
import { MIN_ASKING_MS } from '../../lib/meter/asking-rates';
import { CONNECTED } from './support/dashboard-page';
import { dashboardSuite } from './support/dashboard-suite';

/** The note's figures as the page holds them; NaN where it shows none yet. */
interface AskingFigures {
  readonly longPolling: number;
  readonly polling: number;
  readonly ticksPerSecond: number;
  readonly oncePerTick: string;
  readonly text: string;
}

/**
 * Where long polling wins, shown from the tab's own figures: on a market that ticks once a second, a long
 * poll is held until each tick, so it asks about once a second, where polling every 100 ms asks ten
 * times as often for the same ticks.
 */
describe('the asking note on a market ticking once a second', () => {
  const suite = dashboardSuite(['--tick-ms', '1000']);

  const note = () => suite.page.getByRole('region', { name: 'Meter' }).locator('p.asking-note');
  const read = async (): Promise<AskingFigures> => {
    const shown = note();
    const number = async (name: string) => Number((await shown.getAttribute(name)) || Number.NaN);
    return {
      longPolling: await number('data-long-polling-rate'),
      polling: await number('data-polling-rate'),
      ticksPerSecond: await number('data-ticks-per-second'),
      oncePerTick: (await shown.getAttribute('data-once-per-tick')) ?? '',
      text: await shown.innerText(),
    };
  };
  /** Long enough for a mode to have run the time the note waits for, on a busy machine. */
  const measured = { timeout: MIN_ASKING_MS + 10_000, interval: 250 };

  it('should say nothing until long polling has been used', async () => {
    await expect.poll(() => suite.dashboard.status()).toMatch(CONNECTED.socketio);
    expect(await note().count()).toBe(0);
  });

  it('should find long polling asking about once a tick', async () => {
    await suite.dashboard.chooseTransport('Long polling');
    await expect.poll(() => suite.dashboard.status()).toMatch(CONNECTED.longpolling);
    await expect.poll(async () => (await read()).text).toMatch(/run long polling for 10 s to see how often it asks/);
    await expect.poll(async () => (await read()).longPolling, measured).toBeGreaterThan(0);
    const figures = await read();
    expect(figures.ticksPerSecond).toBe(1);
    expect(figures.longPolling).toBeGreaterThan(0.8);
    expect(figures.longPolling).toBeLessThan(1.2);
    expect(figures.oncePerTick).toBe('true');
    expect(figures.text).toMatch(/^Long polling asked \d(\.\d+)?\/s, once a tick \(a tick every 1 s\)\. Run Polling for 10 s to compare\.$/);
  });

  it('should find polling every 100 ms asking about ten times as often, and say so', async () => {
    await suite.dashboard.choosePollInterval('100 ms');
    await suite.dashboard.chooseTransport('Polling');
    await expect.poll(() => suite.dashboard.status()).toMatch(/^Connected\s+HTTP polling every 100 ms/);
    await expect.poll(async () => (await read()).polling, measured).toBeGreaterThan(0);
    const figures = await read();
    // Ten polls a second, a few fewer where the machine answers some late.
    expect(figures.polling).toBeGreaterThan(7);
    expect(figures.polling).toBeLessThanOrEqual(11);
    const ratio = figures.polling / figures.longPolling;
    expect(ratio).toBeGreaterThan(6);
    expect(ratio).toBeLessThan(13);
    expect(figures.text).toContain('Long polling asked');
    expect(figures.text).toContain(`Polling (every 100 ms now) asked`);
    expect(figures.text).toContain(`: ${formatRatio(ratio)} as many requests for the same ticks.`);
    expect(suite.pageErrors).toEqual([]);
  });
});
