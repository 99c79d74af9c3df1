import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { DashboardPage } from './support/dashboard-page';

// Development mode runs React StrictMode, which mounts every component twice: the tab must still open
// exactly one Socket.IO connection, or the meter would count a handshake that a user never caused.
describe('development mode (StrictMode, hot reload)', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(['--dev'], 240_000), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should open exactly one Socket.IO connection per tab', async () => {
    const page = await browser.newPage();
    const dashboard = new DashboardPage(page);
    page.setDefaultTimeout(120_000);
    await dashboard.open(app.url);
    await expect.poll(() => dashboard.status(), { timeout: 60_000 }).toMatch(/Connected\s+WebSocket/);
    await expect.poll(() => dashboard.meter('socketio', 'Requests'), { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await dashboard.meter('socketio', 'Requests')).toBe(1);
    expect(await dashboard.meter('socketio', 'Messages')).toBeGreaterThan(10);
  });
});
