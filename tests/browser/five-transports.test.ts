import { describe, expect, it } from 'vitest';
import { BREAKDOWN_PARTS } from '../../lib/meter/byte-breakdown';
import { meterExportSchema } from '../../lib/meter/meter-export';
import { TRANSPORT_LABELS, TRANSPORT_MODES } from '../../lib/protocol/transport-mode';
import { CONNECTED } from './support/dashboard-page';
import { dashboardSuite } from './support/dashboard-suite';
import { expectPartsToAddUp } from './support/meter-checks';
import { downloadMeter } from './support/meter-download';
import { readMeterAfter } from './support/meter-snapshot';
import { settle } from './support/settle';

/** How long each mode runs before the next is chosen: a few dozen ticks and a few meter reports. */
const MODE_MS = 3000;

/**
 * One tab through every transport in the order the control offers them, as a person clicking along the
 * radio group would: each switch in place, every tick once, and the meter growing a column, a bar and an
 * export entry for each mode as it is used.
 */
describe('one tab through all five transports', () => {
  const suite = dashboardSuite();

  it('should switch Socket.IO → WebSocket → Server-Sent Events → Long polling → Polling without a reload, losing or repeating no tick', async () => {
    const { page, dashboard, tap } = suite;
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await expect.poll(() => dashboard.status()).toMatch(CONNECTED.socketio);
    expect(await dashboard.meterColumns()).toEqual([expect.objectContaining({ label: TRANSPORT_LABELS.socketio, active: true })]);

    for (const [i, mode] of TRANSPORT_MODES.entries()) {
      if (i > 0) await dashboard.chooseTransport(TRANSPORT_LABELS[mode]);
      await expect.poll(() => dashboard.status(), { message: mode, timeout: 10_000 }).toMatch(CONNECTED[mode]);
      // A column for every mode used so far, in the control's order, the one in use marked and drawn apart.
      const used = TRANSPORT_MODES.slice(0, i + 1);
      await expect
        .poll(async () => (await dashboard.meterColumns()).map(({ label, active }) => ({ label, active })), { message: mode, timeout: 5000 })
        .toEqual(used.map((m) => ({ label: TRANSPORT_LABELS[m], active: m === mode })));
      const columns = await dashboard.meterColumns();
      const activeBackground = columns[i]?.background;
      for (const column of columns.slice(0, i)) expect(column.background, `${column.label} beside ${mode}`).not.toBe(activeBackground);
      await settle(MODE_MS);
      // The mode carried ticks, as the meter counted them for it.
      await expect.poll(() => dashboard.meter(mode, 'Messages'), { message: mode, timeout: 5000 }).toBeGreaterThan(0);
    }

    const epoch = tap.epochs[0]?.epoch ?? Number.NaN;
    expect(tap.epochs.map((record) => record.epoch)).toEqual([epoch]);
    expect(tap.missing(epoch)).toEqual([]);
    expect(tap.repeated(epoch)).toEqual([]);
    // Some 15 s of ticks, every one of them received.
    expect((tap.latest(epoch) ?? 0) - (tap.epochs[0]?.from ?? 0)).toBeGreaterThan(100);
    expect(await dashboard.status()).not.toMatch(/lost/);
    expect(navigations).toEqual([]);
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    expect(suite.pageErrors).toEqual([]);
  });

  it('should show a bar per mode used in "Where the bytes go", its parts adding up to that mode’s bytes up and down', async () => {
    const snapshot = await readMeterAfter(suite.page, await suite.dashboard.reportedAt());
    const bars = suite.page.getByRole('region', { name: 'Where the bytes go' }).locator('[data-breakdown-mode]');
    expect(await bars.evaluateAll((found) => found.map((bar) => bar.getAttribute('data-breakdown-mode')))).toEqual([...TRANSPORT_MODES]);
    for (const mode of TRANSPORT_MODES) expectPartsToAddUp(snapshot, mode);
  });

  it('should export the five modes’ figures as shown', async () => {
    const exported = await downloadMeter(suite.page, 'JSON');
    const figures = meterExportSchema.parse(JSON.parse(exported.text));
    const { shown } = exported;
    expect(figures.meta.transport).toBe('polling');
    for (const mode of TRANSPORT_MODES) {
      const { requests, messages, bytesUp, bytesDown, tickAgeMs, breakdown } = figures[mode];
      const table = shown.modes[mode];
      expect({ requests, messages, bytesUp, bytesDown }, mode).toEqual({
        requests: table.requests,
        messages: table.messages,
        bytesUp: table.bytesUp,
        bytesDown: table.bytesDown,
      });
      expect(bytesDown, mode).toBeGreaterThan(0);
      expect(tickAgeMs.p50, mode).toBe(table.tickAgeP50);
      expect(tickAgeMs.p95, mode).toBe(table.tickAgeP95);
      const parts = Object.fromEntries(Object.entries(breakdown).filter(([name]) => BREAKDOWN_PARTS[mode].some((part) => part === name)));
      expect(parts, mode).toEqual(shown.breakdown[mode].parts);
      expect(breakdown.ticks, mode).toBe(shown.breakdown[mode].ticks);
    }
    // Long polling's hold times, under its bar: final since the tab left long polling.
    const held = suite.page.getByRole('region', { name: 'Where the bytes go' }).locator('[data-breakdown-mode="longpolling"] .held-polls');
    expect(Number(await held.getAttribute('data-held-polls'))).toBe(figures.longpolling.breakdown.heldPolls);
    expect(Number(await held.getAttribute('data-held-ms'))).toBe(figures.longpolling.breakdown.heldMs);
  });
});
