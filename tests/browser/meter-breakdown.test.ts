import { describe, expect, it } from 'vitest';
import { dashboardSuite } from './support/dashboard-suite';
import { expectPartsToAddUp } from './support/meter-checks';
import { readMeter, readMeterAfter } from './support/meter-snapshot';
import { settle } from './support/settle';

/** Long enough for a few polls, a few dozen ticks and three or four meter reports. */
const RUN_MS = 4000;

describe('where the bytes go', () => {
  const suite = dashboardSuite();

  it('should show no bar for polling before it has run, only Socket.IO’s', async () => {
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+WebSocket/);
    const snapshot = await readMeterAfter(suite.page, 0);
    // A mode gets its column and its bar once the tab uses it (see lib/meter/modes-in-use.ts).
    expect(snapshot.modes.polling.bytesDown).toBeNaN();
    expect(snapshot.breakdown.polling.total).toBeNaN();
    const bars = suite.page.getByRole('region', { name: 'Where the bytes go' }).locator('[data-breakdown-mode]');
    await expect.poll(() => bars.evaluateAll((found) => found.map((bar) => bar.getAttribute('data-breakdown-mode')))).toEqual(['socketio']);
  });

  it('should split polling’s bytes into parts that add up, in every report, to its bytes up and down', async () => {
    await suite.dashboard.chooseTransport('Polling');
    await suite.dashboard.choosePollInterval('250 ms');
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+HTTP polling every 250 ms/);
    await settle(RUN_MS);
    let since = await suite.dashboard.reportedAt();
    for (let report = 0; report < 3; report++) {
      const snapshot = await readMeterAfter(suite.page, since);
      expectPartsToAddUp(snapshot, 'polling');
      const { parts, ticks } = snapshot.breakdown.polling;
      expect(parts.requestHeaders).toBe(snapshot.modes.polling.bytesUp);
      expect(parts.responseHeaders).toBeGreaterThan(0);
      expect(ticks).toBeLessThanOrEqual(parts.bodies ?? 0);
      // Plain HTTP: no TLS bytes.
      expect(parts.tls).toBe(0);
      since = snapshot.reportedAt;
    }
    const polling = (await readMeter(suite.page)).breakdown.polling;
    expect(polling.labels).toEqual(['Request headers', 'Response headers', 'Bodies', 'TLS']);
    // A poll is mostly headers: its useful share is small.
    expect(polling.usefulShare).toBeLessThan(0.5);
  });

  it('should start the breakdown from zero on Reset, and keep it adding up after', async () => {
    const before = await readMeter(suite.page);
    await suite.page.getByRole('region', { name: 'Meter' }).getByRole('button', { name: 'Reset' }).click();
    // The meter redraws as a deferred update (between ticks), so the zeros land a moment after the click.
    await expect.poll(async () => (await readMeter(suite.page)).breakdown.polling.total, { timeout: 5000 }).toBe(0);
    const reset = await readMeter(suite.page);
    // The mode in use starts over at "—" and an empty bar; one no longer in use goes until it is used again.
    expect(reset.breakdown.polling).toMatchObject({ total: 0, ticks: 0, usefulShare: null, usefulText: '—' });
    const bytes = suite.page.getByRole('region', { name: 'Where the bytes go' });
    expect(await bytes.locator('[data-breakdown-mode="polling"]').innerText()).toMatch(/no bytes yet/);
    expect(reset.breakdown.socketio.total).toBeNaN();
    await settle(2000);
    const after = await readMeterAfter(suite.page, reset.reportedAt);
    expectPartsToAddUp(after, 'polling');
    expect(after.breakdown.polling.total).toBeLessThan(before.breakdown.polling.total);
  });

  it('should split Socket.IO’s bytes the same way, with far more of them useful than polling’s', async () => {
    await suite.dashboard.chooseTransport('Socket.IO');
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await settle(RUN_MS);
    const snapshot = await readMeterAfter(suite.page, await suite.dashboard.reportedAt());
    expectPartsToAddUp(snapshot, 'socketio');
    const { parts, ticks } = snapshot.breakdown.socketio;
    // One connection since the reset: its upgrade request and the 101 answer.
    expect(parts.handshake).toBeGreaterThan(100);
    expect(parts.frameHeaders).toBeGreaterThan(0);
    expect(ticks).toBeLessThanOrEqual(parts.payload ?? 0);
    expect(parts.tls).toBe(0);
    expect(snapshot.breakdown.socketio.labels).toEqual(['Handshake', 'Frame headers', 'Payload', 'Pings & pongs', 'TLS']);
    const pollingShare = snapshot.breakdown.polling.usefulShare ?? Number.NaN;
    expect(snapshot.breakdown.socketio.usefulShare).toBeGreaterThan(2 * pollingShare);
    expect(suite.pageErrors).toEqual([]);
  });
});
