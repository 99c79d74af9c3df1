import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type AppProcess } from '../../support/app-process';
import { launchChromium } from '../../support/chromium';
import { DashboardPage } from './dashboard-page';
import { tapTicks, type TickTap } from './tick-tap';

/** What a suite's tests share: one server, one Chromium page on the dashboard. */
export interface DashboardSuite {
  readonly app: AppProcess;
  readonly page: Page;
  readonly dashboard: DashboardPage;
  /** What the page received, from Chromium's own record, from before it opened. */
  readonly tap: TickTap;
  /** Uncaught errors in the page so far. */
  readonly pageErrors: readonly string[];
}

/**
 * Registers the suite's hooks: before its tests, the real server on a free port (started with
 * `serverArgs`, e.g. ['--tick-ms', '1000']) and the dashboard open in Chromium at 1600×1000; after
 * them, both closed. Read the fields inside tests, not before.
 */
export function dashboardSuite(serverArgs: readonly string[] = []): DashboardSuite {
  let started: { app: AppProcess; page: Page; dashboard: DashboardPage; tap: TickTap } | null = null;
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(serverArgs), launchChromium()]);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const tap = await tapTicks(page);
    const dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
    started = { app, page, dashboard, tap };
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const get = () => {
    if (!started) throw new Error('the dashboard suite has not started: read its fields inside a test');
    return started;
  };
  return {
    get app() {
      return get().app;
    },
    get page() {
      return get().page;
    },
    get dashboard() {
      return get().dashboard;
    },
    get tap() {
      return get().tap;
    },
    pageErrors,
  };
}
