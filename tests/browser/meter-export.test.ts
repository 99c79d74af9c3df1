import { beforeAll, describe, expect, it } from 'vitest';
import { meterExportSchema, type MeterExport } from '../../lib/meter/meter-export';
import { TRANSPORT_MODES } from '../../lib/protocol/transport-mode';
import { readCsv } from '../support/csv-reader';
import { dashboardSuite } from './support/dashboard-suite';
import { downloadMeter, type MeterDownload } from './support/meter-download';
import { readMeter, readMeterAfter } from './support/meter-snapshot';
import { settle } from './support/settle';

const SOCKET_IO_MS = 4000;
const POLLING_MS = 5000;
/** A meter report comes about once a second: the figures can be that far behind the moment of export. */
const REPORT_LAG_S = 1.5;
const FILE_NAME = /^live-ticker-meter-(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)Z\.(json|csv)$/;
/** The modes this tab runs, so the meter shows their columns; the file has every mode, the others at zero. */
const USED = ['socketio', 'polling'] as const;
const UNUSED = TRANSPORT_MODES.filter((mode) => !USED.some((used) => used === mode));

/** The figures as the CSV gives them: `section.field` → value. */
function csvFigures(text: string): Map<string, string> {
  const [header, ...rows] = readCsv(text);
  expect(header).toEqual(['section', 'field', 'value']);
  return new Map(rows.map(([section, field, value]) => [`${section}.${field}`, value ?? '']));
}

describe('meter export', () => {
  const suite = dashboardSuite();
  let resetAt = 0;
  let switchedAt = 0;

  it('should run Socket.IO from a reset, then polling', async () => {
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+WebSocket/);
    // The handshake reported before Reset, so Reset leaves it out. Clicked before that report, Reset took
    // its baseline from a report without the handshake, which then counted since the reset: whether it
    // did hung on the report's timing (CI, 2026-11-22).
    await expect.poll(async () => (await readMeter(suite.page)).modes.socketio.requests).toBe(1);
    // From Reset on, the test knows how long each mode ran.
    resetAt = Date.now();
    await suite.page.getByRole('region', { name: 'Meter' }).getByRole('button', { name: 'Reset' }).click();
    await settle(SOCKET_IO_MS);
    switchedAt = Date.now();
    await suite.dashboard.chooseTransport('Polling');
    await expect.poll(() => suite.dashboard.status()).toMatch(/Connected\s+HTTP polling every 1 s/);
    await settle(POLLING_MS);
    const shown = await readMeterAfter(suite.page, await suite.dashboard.reportedAt());
    expect(shown.modes.socketio.bytesDown).toBeGreaterThan(0);
    expect(shown.modes.polling.requests).toBeGreaterThanOrEqual(3);
  });

  describe('as JSON', () => {
    let exported: MeterDownload;
    let figures: MeterExport;

    beforeAll(async () => {
      exported = await downloadMeter(suite.page, 'JSON');
      figures = meterExportSchema.parse(JSON.parse(exported.text));
    });

    it('should name the file for the moment it was made', () => {
      const match = FILE_NAME.exec(exported.name);
      expect(match?.[4]).toBe('json');
      const [date, minutes, seconds] = [match?.[1], match?.[2], match?.[3]];
      expect(figures.meta.exportedAt.startsWith(`${date}:${minutes}:${seconds}`)).toBe(true);
      const exportedAt = Date.parse(figures.meta.exportedAt);
      expect(exportedAt).toBeGreaterThanOrEqual(exported.clickedBetween[0] - 1000);
      expect(exportedAt).toBeLessThanOrEqual(exported.clickedBetween[1] + 1000);
    });

    it('should hold the figures the meter showed at the click, from the same report', () => {
      const { shown } = exported;
      expect(figures.meta.reportedAt).toBe(new Date(shown.reportedAt).toISOString());
      for (const mode of USED) {
        const exportedMode = figures[mode];
        const shownMode = shown.modes[mode];
        expect({
          requests: exportedMode.requests,
          messages: exportedMode.messages,
          bytesUp: exportedMode.bytesUp,
          bytesDown: exportedMode.bytesDown,
        }).toEqual({
          requests: shownMode.requests,
          messages: shownMode.messages,
          bytesUp: shownMode.bytesUp,
          bytesDown: shownMode.bytesDown,
        });
        expect(exportedMode.tickAgeMs.p50).toBe(shownMode.tickAgeP50);
        expect(exportedMode.tickAgeMs.p95).toBe(shownMode.tickAgeP95);
        const { ticks, ...parts } = exportedMode.breakdown;
        expect(parts).toEqual(shown.breakdown[mode].parts);
        expect(ticks).toBe(shown.breakdown[mode].ticks);
        const share = shown.breakdown[mode].usefulShare;
        expect(exportedMode.usefulPercent).toBe(share === null ? null : Math.round(share * 10_000) / 100);
      }
      for (const mode of UNUSED) {
        const { requests, messages, bytesUp, bytesDown, usefulPercent } = figures[mode];
        expect({ requests, messages, bytesUp, bytesDown, usefulPercent }, mode).toEqual({
          requests: 0,
          messages: 0,
          bytesUp: 0,
          bytesDown: 0,
          usefulPercent: null,
        });
        expect(shown.modes[mode].requests, `${mode} has no column`).toBeNaN();
      }
      expect(figures.overhead).toEqual(shown.overhead);
      // Both modes ran since the reset, so both have bytes; Socket.IO's one request, its handshake, came before.
      expect(figures.polling.requests).toBeGreaterThanOrEqual(3);
      expect(figures.socketio.requests).toBe(0);
      expect(figures.socketio.bytesDown).toBeGreaterThan(0);
    });

    it('should give each mode about the time it ran since the reset', () => {
      const socketIoRan = (switchedAt - resetAt) / 1000;
      expect(figures.socketio.activeSeconds).toBeGreaterThan(socketIoRan - 1);
      expect(figures.socketio.activeSeconds).toBeLessThan(socketIoRan + 1.5);
      const pollingRan = (exported.clickedBetween[1] - switchedAt) / 1000;
      expect(figures.polling.activeSeconds).toBeGreaterThan(pollingRan - REPORT_LAG_S - 1.5);
      expect(figures.polling.activeSeconds).toBeLessThan(pollingRan + 0.5);
    });

    it('should describe the page it came from', () => {
      const url = new URL(suite.app.url);
      expect(figures.meta).toMatchObject({
        format: 'live-ticker-meter',
        version: 2,
        pageUrl: suite.page.url(),
        origin: url.origin,
        tls: false,
        transport: 'polling',
        tickIntervalMs: 100,
        pollIntervalMs: 1000,
      });
      expect(figures.hidden).toEqual({ seconds: 0, periods: 0 });
    });
  });

  describe('as CSV', () => {
    let exported: MeterDownload;
    let figures: Map<string, string>;

    beforeAll(async () => {
      exported = await downloadMeter(suite.page, 'CSV');
      figures = csvFigures(exported.text);
    });

    it('should name the file for the moment it was made', () => {
      const match = FILE_NAME.exec(exported.name);
      expect(match?.[4]).toBe('csv');
      expect(figures.get('meta.exportedAt')?.startsWith(`${match?.[1]}:${match?.[2]}:${match?.[3]}`)).toBe(true);
    });

    it('should hold the figures the meter showed at the click, one a row', () => {
      const { shown } = exported;
      expect(figures.get('meta.reportedAt')).toBe(new Date(shown.reportedAt).toISOString());
      for (const mode of UNUSED) expect(figures.get(`${mode}.bytesDown`), mode).toBe('0');
      for (const mode of USED) {
        expect(figures.get(`${mode}.requests`)).toBe(String(shown.modes[mode].requests));
        expect(figures.get(`${mode}.messages`)).toBe(String(shown.modes[mode].messages));
        expect(figures.get(`${mode}.bytesUp`)).toBe(String(shown.modes[mode].bytesUp));
        expect(figures.get(`${mode}.bytesDown`)).toBe(String(shown.modes[mode].bytesDown));
        expect(figures.get(`${mode}.tickAgeMs.p95`)).toBe(String(shown.modes[mode].tickAgeP95 ?? ''));
        for (const [part, bytes] of Object.entries(shown.breakdown[mode].parts)) {
          expect(figures.get(`${mode}.breakdown.${part}`)).toBe(String(bytes));
        }
        expect(figures.get(`${mode}.breakdown.ticks`)).toBe(String(shown.breakdown[mode].ticks));
      }
      expect(figures.get('overhead.bytesDown')).toBe(String(shown.overhead.bytesDown));
      expect(figures.get('meta.pageUrl')).toBe(suite.page.url());
      expect(Number(figures.get('polling.activeSeconds'))).toBeGreaterThan(POLLING_MS / 1000 - REPORT_LAG_S - 1.5);
      expect(suite.pageErrors).toEqual([]);
    });
  });
});
