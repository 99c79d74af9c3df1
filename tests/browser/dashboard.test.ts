import { describe, expect, it } from 'vitest';
import { dashboardSuite } from './support/dashboard-suite';
import { REPORT_LAG_MS, settle } from './support/settle';

describe('dashboard', () => {
  const suite = dashboardSuite();

  it('should show prices that move, over a WebSocket', async () => {
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+WebSocket/);
    expect(await suite.page.locator('tbody tr[data-symbol]').count()).toBe(20);
    const before = await suite.dashboard.prices();
    await settle(1500);
    const after = await suite.dashboard.prices();
    expect(after.filter((price, i) => price !== before[i]).length).toBeGreaterThan(0);
    expect(after.every((price) => /^\d{1,3}(,\d{3})*\.\d{2}$/.test(price))).toBe(true);
  });

  it('should meter Socket.IO as one request whose bytes keep coming, in the one column it has', async () => {
    await expect.poll(() => suite.dashboard.meter('socketio', 'Requests'), { timeout: 5000 }).toBe(1);
    const firstDown = await suite.dashboard.meter('socketio', 'Bytes down');
    await settle(REPORT_LAG_MS);
    expect(await suite.dashboard.meter('socketio', 'Bytes down')).toBeGreaterThan(firstDown);
    expect(await suite.dashboard.meter('socketio', 'Bytes up')).toBeGreaterThan(0);
    expect(await suite.dashboard.meter('socketio', 'Messages')).toBeGreaterThan(10);
    expect(await suite.dashboard.meter('socketio', 'Tick age p50')).toBeGreaterThanOrEqual(0);
    expect(await suite.dashboard.meter('socketio', 'Requests')).toBe(1);
    // Polling has not run: no column for it yet.
    expect((await suite.dashboard.meterColumns()).map(({ label }) => label)).toEqual(['Socket.IO']);
  });

  it('should switch to polling without a reload and meter only polling from then on', async () => {
    const navigations: string[] = [];
    suite.page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await suite.dashboard.chooseTransport('Polling');
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+HTTP polling every 1 s/);
    await settle(REPORT_LAG_MS);
    const socketDown = await suite.dashboard.meter('socketio', 'Bytes down');
    const socketMessages = await suite.dashboard.meter('socketio', 'Messages');
    const pricesBefore = await suite.dashboard.prices();
    await settle(3000);
    expect(await suite.dashboard.prices()).not.toEqual(pricesBefore);
    expect(await suite.dashboard.meter('polling', 'Requests')).toBeGreaterThanOrEqual(4);
    expect(await suite.dashboard.meter('polling', 'Bytes up')).toBeGreaterThan(0);
    expect(await suite.dashboard.meter('polling', 'Bytes down')).toBeGreaterThan(0);
    // The WebSocket is closed in polling mode: not one more byte may be booked to it.
    expect(await suite.dashboard.meter('socketio', 'Bytes down')).toBe(socketDown);
    expect(await suite.dashboard.meter('socketio', 'Messages')).toBe(socketMessages);
    expect(navigations).toEqual([]);
  });

  it('should poll about ten times a second at 100 ms and once in five seconds at 5 s', async () => {
    await suite.dashboard.choosePollInterval('100 ms');
    await expect.poll(() => suite.dashboard.status()).toMatch(/every 100 ms/);
    await settle(REPORT_LAG_MS);
    const start = await suite.dashboard.meter('polling', 'Requests');
    await settle(4000);
    const fast = (await suite.dashboard.meter('polling', 'Requests')) - start;
    // 4 s at 100 ms is 40 polls; report timing moves the window by up to a second either way.
    expect(fast).toBeGreaterThanOrEqual(25);
    expect(fast).toBeLessThanOrEqual(55);

    await suite.dashboard.choosePollInterval('5 s');
    await settle(REPORT_LAG_MS);
    const slowStart = await suite.dashboard.meter('polling', 'Requests');
    await settle(6000);
    const slow = (await suite.dashboard.meter('polling', 'Requests')) - slowStart;
    expect(slow).toBeGreaterThanOrEqual(1);
    expect(slow).toBeLessThanOrEqual(3);
    // A tick waits up to 5 s for the next poll: the median age shows it.
    expect(await suite.dashboard.meter('polling', 'Tick age p95')).toBeGreaterThan(1000);
  });

  it('should switch back to Socket.IO with one new handshake and leave polling figures frozen', async () => {
    await suite.dashboard.chooseTransport('Socket.IO');
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await expect.poll(() => suite.dashboard.meter('socketio', 'Requests'), { timeout: 5000 }).toBe(2);
    await settle(REPORT_LAG_MS);
    const polls = await suite.dashboard.meter('polling', 'Requests');
    const pollBytes = await suite.dashboard.meter('polling', 'Bytes down');
    await settle(3000);
    expect(await suite.dashboard.meter('polling', 'Requests')).toBe(polls);
    expect(await suite.dashboard.meter('polling', 'Bytes down')).toBe(pollBytes);
    expect(await suite.dashboard.status()).not.toMatch(/lost/);
  });

  it('should start every figure from zero on Reset', async () => {
    await suite.page.getByRole('region', { name: 'Meter' }).getByRole('button', { name: 'Reset' }).click();
    // The meter redraws as a deferred update (between ticks), so the zeros land a moment after the click.
    const zeroed = { timeout: 5000 };
    await expect.poll(() => suite.dashboard.meter('socketio', 'Requests'), zeroed).toBe(0);
    // Polling's figures are cleared with its column, until it is used again.
    await expect.poll(async () => (await suite.dashboard.meterColumns()).map(({ label }) => label), zeroed).toEqual(['Socket.IO']);
    await settle(REPORT_LAG_MS);
    expect(await suite.dashboard.meter('socketio', 'Bytes down')).toBeGreaterThan(0);
    expect(await suite.dashboard.meter('socketio', 'Requests')).toBe(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
