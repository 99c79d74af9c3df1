import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireCounters } from '../../lib/protocol/meter-report';
import { startApp, type AppProcess } from './support/app-process';
import { bookCapture, type CaptureLedgerName } from './support/capture-ledger';
import { launchChromium } from './support/chromium';
import { DashboardPage } from './support/dashboard-page';
import { startPacketCapture, type CapturedSegment, type PacketCapture } from './support/packet-capture';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long each mode runs: long enough that one stray packet would show as more than 1%. */
const MODE_MS = 8000;
/** The tolerance for bytes; requests must match exactly. */
const TOLERANCE = 0.01;

function expectAgreement(name: string, meter: WireCounters, capture: WireCounters): void {
  const context = `${name}: meter ${JSON.stringify(meter)}, capture ${JSON.stringify(capture)}`;
  expect(meter.requests, context).toBe(capture.requests);
  expect(capture.bytesUp, context).toBeGreaterThan(0);
  expect(capture.bytesDown, context).toBeGreaterThan(0);
  expect(Math.abs(meter.bytesUp - capture.bytesUp), context).toBeLessThanOrEqual(capture.bytesUp * TOLERANCE);
  expect(Math.abs(meter.bytesDown - capture.bytesDown), context).toBeLessThanOrEqual(capture.bytesDown * TOLERANCE);
}

describe.each([
  { scheme: 'HTTP', args: [] },
  { scheme: 'HTTPS (TLS 1.3, decrypted with Chromium\'s key log)', args: ['--tls'] },
])('the meter against a packet capture of loopback, over $scheme', ({ args }) => {
  let app: AppProcess;
  let browser: Browser;
  let capture: PacketCapture | undefined;
  let dir: string;
  let keyLogFile: string | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ticker-wire-'));
    keyLogFile = args.length > 0 ? path.join(dir, 'tls-keys.log') : undefined;
    [app, browser] = await Promise.all([startApp(args), launchChromium(keyLogFile ? { sslKeyLogFile: keyLogFile } : {})]);
  });

  afterAll(async () => {
    await capture?.stop();
    await browser?.close();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should agree with tshark on every request and, within 1%, every byte of each mode and of the meter itself', async () => {
    capture = await startPacketCapture(Number(new URL(app.url).port), keyLogFile ? { keyLogFile } : {});
    // The certificate is self-signed, made when the app started: this browser has no reason to trust it.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, ignoreHTTPSErrors: true });
    const dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await settle(MODE_MS);

    // Leaving Socket.IO closes its connection: once a report has come after that, its figures are final.
    await dashboard.chooseTransport('Polling');
    await dashboard.choosePollInterval('100 ms');
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+HTTP polling every 100 ms/);
    await dashboard.nextReport(Date.now() + 200);
    const socketio = { meter: await dashboard.wire('socketio'), until: Date.now() / 1000 };
    await settle(MODE_MS);

    await dashboard.chooseTransport('Socket.IO');
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await dashboard.nextReport(Date.now() + 200);
    const polling = { meter: await dashboard.wire('polling'), until: Date.now() / 1000 };

    // Right after a report, with the next a second away: the feed's bytes end with this one, as the page closes.
    await dashboard.nextReport(Date.now());
    const overhead = await dashboard.overhead();
    await page.close();
    await settle(500);
    const segments: CapturedSegment[] = await capture.stop();
    capture = undefined;

    const booked = (ledger: CaptureLedgerName, until?: number) => bookCapture(segments, until)[ledger];
    expectAgreement('Socket.IO', socketio.meter, booked('socketio', socketio.until));
    expectAgreement('polling', polling.meter, booked('polling', polling.until));
    expectAgreement('meter overhead', overhead, booked('overhead'));
    expect(socketio.meter.requests).toBe(1);
    expect(polling.meter.requests).toBeGreaterThan(40);
  });
});
