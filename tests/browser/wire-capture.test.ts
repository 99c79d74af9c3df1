import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import createDebug from 'debug';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireCounters } from '../../lib/protocol/meter-report';
import { perMode, TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../lib/protocol/transport-mode';
import { startApp, type AppProcess } from '../support/app-process';
import { capturedPollingParts, capturedSseParts, capturedWebSocketParts } from './support/capture-breakdown';
import type { CapturedSegment } from './support/capture-file';
import { bookCapture, stretchesOf } from './support/capture-ledger';
import { launchChromium } from '../support/chromium';
import { CONNECTED, DashboardPage } from './support/dashboard-page';
import { readMeter, type MeterSnapshot } from './support/meter-snapshot';
import { startPacketCapture, type PacketCapture } from './support/packet-capture';
import { settle } from './support/settle';
import { transportRequest } from './support/transport-request';

/** `DEBUG=ticker:wire-capture` prints each figure the test compares, meter and capture side by side. */
const debug = createDebug('ticker:wire-capture');

/** How long each mode runs: long enough that one stray packet would show as more than 1%. */
const MODE_MS = 8000;
/** The tolerance for bytes; requests must match exactly. */
const TOLERANCE = 0.01;
/**
 * A part may also be off by this much. Some parts are a few hundred bytes (the handshake, the client's
 * frame headers) or none at all (pings: the runs are shorter than Socket.IO's 25 s ping interval), where
 * 1% is less than a byte, yet what can rightly differ is a whole frame or record at the edge of a moment:
 * a frame sent after a close began, which the meter counts whole under frame headers and the capture by
 * what it holds, or the 24 B TLS alert that ends a connection. 64 B allows a couple of those and is still
 * less than one poll's request headers or one tick event.
 */
const PART_SLACK_BYTES = 64;

function expectAgreement(name: string, meter: WireCounters, capture: WireCounters): void {
  const context = `${name}: meter ${JSON.stringify(meter)}, capture ${JSON.stringify(capture)}`;
  debug('%s: meter %o, capture %o', name, meter, capture);
  expect(meter.requests, context).toBe(capture.requests);
  expect(capture.bytesUp, context).toBeGreaterThan(0);
  expect(capture.bytesDown, context).toBeGreaterThan(0);
  expect(Math.abs(meter.bytesUp - capture.bytesUp), context).toBeLessThanOrEqual(capture.bytesUp * TOLERANCE);
  expect(Math.abs(meter.bytesDown - capture.bytesDown), context).toBeLessThanOrEqual(capture.bytesDown * TOLERANCE);
}

/** A mode's "Where the bytes go" parts as the meter shows them, against the same parts read off the capture. */
function expectPartsAgreement(
  name: string,
  meter: Readonly<Record<string, number>>,
  capture: Readonly<Record<string, number>>,
  captureWire: WireCounters,
): void {
  const context = `${name} parts: meter ${JSON.stringify(meter)}, capture ${JSON.stringify(capture)}`;
  debug('%s parts: meter %o, capture %o', name, meter, capture);
  // The capture's split must account for every byte the capture booked to the mode, or it lost some.
  const captured = Object.values(capture).reduce((sum, bytes) => sum + bytes, 0);
  expect(captured, context).toBe(captureWire.bytesUp + captureWire.bytesDown);
  expect(Object.keys(meter).sort(), context).toEqual(Object.keys(capture).sort());
  for (const [part, bytes] of Object.entries(capture)) {
    const allowed = Math.max(bytes * TOLERANCE, PART_SLACK_BYTES);
    expect(Math.abs((meter[part] ?? Number.NaN) - bytes), `${context}: ${part}`).toBeLessThanOrEqual(allowed);
  }
}

describe.each([
  { scheme: 'HTTP', args: [], tls: false },
  { scheme: "HTTPS (TLS 1.3, decrypted with Chromium's key log)", args: ['--tls'], tls: true },
])('the meter against a packet capture of loopback, over $scheme', ({ args, tls }) => {
  let app: AppProcess;
  let browser: Browser;
  let capture: PacketCapture | undefined;
  let dir: string;
  let keyLogFile: string | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ticker-wire-'));
    keyLogFile = tls ? path.join(dir, 'tls-keys.log') : undefined;
    [app, browser] = await Promise.all([startApp(args), launchChromium(keyLogFile ? { sslKeyLogFile: keyLogFile } : {})]);
  });

  afterAll(async () => {
    await capture?.stop();
    await browser?.close();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('should agree with tshark on every request and, within 1%, every byte of each of the five modes, each part of it, and of the meter itself', async () => {
    capture = await startPacketCapture(Number(new URL(app.url).port), keyLogFile ? { keyLogFile } : {});
    // The certificate is self-signed, made when the app started: this browser has no reason to trust it.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, ignoreHTTPSErrors: true });
    // The tab the page's transports name, as their requests say it.
    const tabs = new Set<string>();
    page.on('request', (request) => tabs.add(transportRequest(request.url())?.tab ?? ''));
    page.on('websocket', (socket) => tabs.add(transportRequest(socket.url())?.tab ?? ''));
    const dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
    await expect.poll(() => dashboard.status()).toMatch(CONNECTED.socketio);
    await dashboard.choosePollInterval('100 ms');
    await settle(MODE_MS);

    // Each mode in turn, then back to Socket.IO. Leaving a mode closes its connection (or its last poll):
    // once a report has come after that, its figures are final. The meter is read in one evaluation, so a
    // mode's totals and its parts come from the same report; the capture is read up to the same moment.
    const ran: Partial<Record<TransportMode, { meter: MeterSnapshot; until: number }>> = {};
    const order = [...TRANSPORT_MODES, 'socketio'] as const;
    for (const [i, mode] of order.entries()) {
      if (i === 0) continue;
      await dashboard.chooseTransport(TRANSPORT_LABELS[mode]);
      await expect.poll(() => dashboard.status()).toMatch(CONNECTED[mode]);
      await dashboard.nextReport(Date.now() + 200);
      const left = order[i - 1]!;
      ran[left] = { meter: await readMeter(page), until: Date.now() / 1000 };
      if (i < order.length - 1) await settle(MODE_MS);
    }

    // Right after a report, with the next a second away: the feed's bytes end with this one, as the page closes.
    await dashboard.nextReport(Date.now());
    const overhead = await dashboard.overhead();
    await page.close();
    await settle(500);
    const segments: CapturedSegment[] = await capture.stop();
    capture = undefined;

    const captured = (mode: TransportMode) => {
      const { meter, until } = ran[mode] ?? expect.fail(`${mode} never ran`);
      const stretches = stretchesOf(segments, until);
      return { meter, stretches, wire: bookCapture(segments, until)[mode] };
    };
    // Every request of every mode names the one tab, and the capture finds each mode's under its own path.
    tabs.delete('');
    expect(tabs.size).toBe(1);
    const modeStretches = stretchesOf(segments).filter((stretch) => stretch.ledger !== 'overhead' && stretch.ledger !== 'unbooked');
    expect(new Set(modeStretches.map((stretch) => stretch.tab))).toEqual(tabs);
    expect(new Set(modeStretches.map((stretch) => stretch.ledger))).toEqual(new Set(TRANSPORT_MODES));

    const runs = perMode(captured);
    for (const mode of TRANSPORT_MODES) expectAgreement(mode, runs[mode].meter.modes[mode], runs[mode].wire);
    expectAgreement('meter overhead', overhead, bookCapture(segments).overhead);
    // One connection for each pushing mode; 8 s of asking, about ten times a second, for the others.
    for (const mode of ['socketio', 'websocket', 'sse'] as const) expect(runs[mode].meter.modes[mode].requests, mode).toBe(1);
    for (const mode of ['longpolling', 'polling'] as const) expect(runs[mode].meter.modes[mode].requests, mode).toBeGreaterThan(40);

    const parts = {
      socketio: capturedWebSocketParts(runs.socketio.stretches, 'socketio'),
      websocket: capturedWebSocketParts(runs.websocket.stretches, 'websocket'),
      sse: capturedSseParts(runs.sse.stretches),
      longpolling: capturedPollingParts(runs.longpolling.stretches, 'longpolling'),
      polling: capturedPollingParts(runs.polling.stretches, 'polling'),
    };
    for (const mode of TRANSPORT_MODES) {
      const { meter, wire } = runs[mode];
      expectPartsAgreement(mode, meter.breakdown[mode].parts, parts[mode], wire);
      // Without TLS the wire is the plaintext: nothing to allow for.
      if (tls) expect(parts[mode].tls, mode).toBeGreaterThan(0);
      else {
        expect(parts[mode].tls, mode).toBe(0);
        expect(meter.breakdown[mode].parts.tls, mode).toBe(0);
      }
    }
    // The parts every run has are there in the capture, so none is compared as nothing against nothing.
    for (const mode of ['socketio', 'websocket'] as const) {
      for (const part of ['handshake', 'frameHeaders', 'payload'] as const) expect(parts[mode][part], `${mode} ${part}`).toBeGreaterThan(0);
    }
    for (const part of ['requestHeaders', 'responseHeaders', 'chunkFraming', 'eventFraming', 'data'] as const) {
      expect(parts.sse[part], `sse ${part}`).toBeGreaterThan(0);
    }
    for (const mode of ['longpolling', 'polling'] as const) {
      for (const part of ['requestHeaders', 'responseHeaders', 'bodies'] as const)
        expect(parts[mode][part], `${mode} ${part}`).toBeGreaterThan(0);
    }
  });
});
