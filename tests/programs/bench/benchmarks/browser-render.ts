import createDebug from 'debug';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../support/chromium';
import { TRANSPORT_LABELS, type TransportMode } from '../../../../lib/protocol/transport-mode';
import { startChild, tsxArgs, type RunningChild } from '../processes/child-process';
import { installRenderProbe, LONG_TASK_MS, type ProbeWindow, type RenderWindow } from './render-probe';

const debug = createDebug('ticker:bench:browser');

export const BROWSER_SYMBOLS = 100;
export const BROWSER_TICK_MS = 100;
const POLL_INTERVAL_MS = 100;
const VIEWPORT = { width: 1600, height: 1000 } as const;
const TBODY = 'section[aria-label="Prices"] tbody';
const APP_START_TIMEOUT_MS = 120_000;
const UI_TIMEOUT_MS = 30_000;

export interface BrowserRenderOptions {
  /** Seconds of each measured window. Default 30. */
  readonly windowSeconds?: number;
  /** Seconds between the page being ready (and switched) and the window opening. Default 3. */
  readonly settleSeconds?: number;
}

export interface ModeRender extends RenderWindow {
  readonly mode: TransportMode;
  /** What the page's status badge said the transport was. */
  readonly transportShown: string;
}

export interface BrowserRenderResult {
  readonly chromiumVersion: string;
  readonly windowSeconds: number;
  readonly modes: readonly ModeRender[];
}

/** Waits until all rows show a price and the badge says the wanted transport is connected. */
async function waitForLiveTable(page: Page, transport: RegExp): Promise<string> {
  await page
    .locator(`${TBODY} tr`)
    .nth(BROWSER_SYMBOLS - 1)
    .locator('td.price')
    .filter({ hasText: /\d/ })
    .waitFor({
      timeout: UI_TIMEOUT_MS,
    });
  const badge = page.getByRole('status', { name: 'Connection' });
  await badge.filter({ hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT_MS });
  const shown = page.getByTestId('transport-in-use').filter({ hasText: transport });
  await shown.waitFor({ timeout: UI_TIMEOUT_MS });
  return (await shown.textContent()) ?? '';
}

async function measureMode(browser: Browser, url: string, mode: TransportMode, options: Required<BrowserRenderOptions>) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; the page has no
    // such helper when Playwright evaluates their source there (https://github.com/privatenumber/tsx/issues/113).
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await context.addInitScript(installRenderProbe, LONG_TASK_MS);
    const page = await context.newPage();
    await page.goto(url);
    let transportShown = await waitForLiveTable(page, /WebSocket|Socket\.IO|polling/i);
    if (mode === 'polling') {
      await page.getByLabel(TRANSPORT_LABELS.polling, { exact: true }).check();
      await page.getByLabel('Poll interval').selectOption(String(POLL_INTERVAL_MS));
      transportShown = await waitForLiveTable(page, new RegExp(`polling every ${POLL_INTERVAL_MS} ms`));
    }
    await page.waitForTimeout(options.settleSeconds * 1000);
    await page.evaluate((selector) => (window as ProbeWindow).__renderProbe?.begin(selector), TBODY);
    await page.waitForTimeout(options.windowSeconds * 1000);
    const measured = await page.evaluate(() => (window as ProbeWindow).__renderProbe?.end());
    if (!measured) throw new Error('the render probe was not installed in the page');
    debug('%s: %o', mode, measured);
    return { mode, transportShown, ...measured } satisfies ModeRender;
  } finally {
    await context.close();
  }
}

/**
 * The real app (production build, 100 symbols, a tick every 100 ms) in headless Chromium, once per
 * transport, each in a fresh browser context: long tasks and row mutations over a window of steady ticking.
 */
export async function runBrowserRender(options: BrowserRenderOptions = {}): Promise<BrowserRenderResult> {
  const resolved = { windowSeconds: options.windowSeconds ?? 30, settleSeconds: options.settleSeconds ?? 3 };
  let app: RunningChild | undefined;
  let browser: Browser | undefined;
  try {
    app = await startChild(
      process.execPath,
      tsxArgs('server/main.ts', [
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--symbols',
        String(BROWSER_SYMBOLS),
        '--tick-ms',
        String(BROWSER_TICK_MS),
      ]),
      { ready: /Live ticker on http:\/\/\S+:(\d+)/, timeoutMs: APP_START_TIMEOUT_MS, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
    );
    const url = `http://127.0.0.1:${app.ready[1] ?? ''}/`;
    browser = await launchChromium();
    const modes: ModeRender[] = [];
    for (const mode of ['socketio', 'polling'] as const) modes.push(await measureMode(browser, url, mode, resolved));
    return { chromiumVersion: browser.version(), windowSeconds: resolved.windowSeconds, modes };
  } finally {
    await browser?.close();
    await app?.stop();
  }
}
