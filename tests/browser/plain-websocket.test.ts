import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORT_LABELS } from '../../lib/protocol/transport-mode';
import { WEBSOCKET_PATH } from '../../lib/protocol/websocket-api';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { DashboardPage } from './support/dashboard-page';
import { tapTicks } from './support/tick-tap';

/**
 * The plain WebSocket in Chromium, with the browser's own WebSocket: what a Node test of the transport
 * cannot show (the page's scheme and host in the URL, text frames as the browser hands them over, the
 * close code it reports).
 */
describe('plain WebSocket in Chromium', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should carry every tick over one WebSocket to its path, book its bytes, and show a shutdown as a restart', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
    const tap = await tapTicks(page);
    const dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
    await dashboard.chooseTransport(TRANSPORT_LABELS.websocket);

    await expect.poll(() => dashboard.status(), { timeout: 10_000 }).toMatch(/^Connected\s*Plain WebSocket/);
    const epoch = tap.epochs[0]?.epoch ?? Number.NaN;
    await expect.poll(() => tap.latest(epoch) ?? 0, { timeout: 10_000 }).toBeGreaterThan((tap.epochs[0]?.from ?? 0) + 20);
    expect(tap.missing(epoch)).toEqual([]);
    expect(sockets.filter((path) => path === WEBSOCKET_PATH)).toHaveLength(1);
    await expect.poll(() => dashboard.meter('websocket', 'Bytes down'), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await dashboard.meter('websocket', 'Requests')).toBe(1);

    app.signal('SIGTERM');
    await expect.poll(() => dashboard.status(), { timeout: 5000 }).toMatch(/^Server restarting/);
    expect(pageErrors).toEqual([]);
  });
});
