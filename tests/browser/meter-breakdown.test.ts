import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREAKDOWN_PARTS } from '../../lib/meter/byte-breakdown';
import type { TransportMode } from '../../lib/protocol/transport-mode';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium } from './support/chromium';
import { DashboardPage } from './support/dashboard-page';
import { readMeter, readMeterAfter, type MeterSnapshot } from './support/meter-snapshot';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for a few polls, a few dozen ticks and three or four meter reports. */
const RUN_MS = 4000;

/** The large percentage as shown, e.g. "17 %" → 17. */
const shownPercent = (text: string) => Number(/^(\d+(?:\.\d)?) %$/.exec(text)?.[1] ?? Number.NaN);

/**
 * The check at the heart of the breakdown: in one report, a mode's parts add up to exactly the bytes up
 * and down the table shows for it, and the big figure is its tick data over that total.
 */
function expectPartsToAddUp(snapshot: MeterSnapshot, mode: TransportMode): void {
  const { parts, total, ticks, usefulShare, usefulText } = snapshot.breakdown[mode];
  const wire = snapshot.modes[mode];
  expect(Object.keys(parts)).toEqual([...BREAKDOWN_PARTS[mode]]);
  expect(Object.values(parts).reduce((sum, bytes) => sum + bytes, 0)).toBe(total);
  expect(total).toBe(wire.bytesUp + wire.bytesDown);
  expect(total).toBeGreaterThan(0);
  expect(ticks).toBeGreaterThan(0);
  expect(usefulShare).toBeCloseTo(ticks / total, 9);
  expect(usefulShare).toBeGreaterThan(0);
  expect(usefulShare).toBeLessThan(1);
  expect(Math.abs(shownPercent(usefulText) - (usefulShare ?? Number.NaN) * 100)).toBeLessThanOrEqual(0.5);
}

describe('where the bytes go', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dashboard: DashboardPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should show "—" and an empty bar for polling before it has run', async () => {
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    const snapshot = await readMeterAfter(page, 0);
    expect(snapshot.modes.polling.bytesDown).toBe(0);
    expect(snapshot.breakdown.polling).toMatchObject({ total: 0, ticks: 0, usefulShare: null, usefulText: '—' });
    const bytes = page.getByRole('region', { name: 'Where the bytes go' });
    await expect.poll(() => bytes.locator('[data-breakdown-mode="polling"]').innerText()).toMatch(/no bytes yet/);
  });

  it('should split polling’s bytes into parts that add up, in every report, to its bytes up and down', async () => {
    await dashboard.chooseTransport('Polling');
    await dashboard.choosePollInterval('250 ms');
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+HTTP polling every 250 ms/);
    await settle(RUN_MS);
    let since = await dashboard.reportedAt();
    for (let report = 0; report < 3; report++) {
      const snapshot = await readMeterAfter(page, since);
      expectPartsToAddUp(snapshot, 'polling');
      const { parts, ticks } = snapshot.breakdown.polling;
      expect(parts.requestHeaders).toBe(snapshot.modes.polling.bytesUp);
      expect(parts.responseHeaders).toBeGreaterThan(0);
      expect(ticks).toBeLessThanOrEqual(parts.bodies ?? 0);
      // Plain HTTP: no TLS bytes.
      expect(parts.tls).toBe(0);
      since = snapshot.reportedAt;
    }
    const polling = (await readMeter(page)).breakdown.polling;
    expect(polling.labels).toEqual(['Request headers', 'Response headers', 'Bodies', 'TLS']);
    // A poll is mostly headers: its useful share is small.
    expect(polling.usefulShare).toBeLessThan(0.5);
  });

  it('should start the breakdown from zero on Reset, and keep it adding up after', async () => {
    const before = await readMeter(page);
    await page.getByRole('region', { name: 'Meter' }).getByRole('button', { name: 'Reset' }).click();
    const reset = await readMeter(page);
    expect(reset.breakdown.polling).toMatchObject({ total: 0, ticks: 0, usefulShare: null, usefulText: '—' });
    expect(reset.breakdown.socketio).toMatchObject({ total: 0, usefulShare: null });
    await settle(2000);
    const after = await readMeterAfter(page, reset.reportedAt);
    expectPartsToAddUp(after, 'polling');
    expect(after.breakdown.polling.total).toBeLessThan(before.breakdown.polling.total);
  });

  it('should split Socket.IO’s bytes the same way, with far more of them useful than polling’s', async () => {
    await dashboard.chooseTransport('Socket.IO');
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await settle(RUN_MS);
    const snapshot = await readMeterAfter(page, await dashboard.reportedAt());
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
    expect(pageErrors).toEqual([]);
  });
});
