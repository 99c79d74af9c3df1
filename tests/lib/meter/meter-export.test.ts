import { describe, expect, it } from 'vitest';
import {
  buildMeterExport,
  meterExportCsv,
  meterExportFileName,
  meterExportJson,
  meterExportSchema,
  type MeterExport,
} from '../../../lib/meter/meter-export';
import { MeterTracker } from '../../../lib/meter/meter-tracker';
import {
  ZERO_BREAKDOWN,
  ZERO_MODE_COUNTERS,
  ZERO_COUNTERS,
  ZERO_POLLING_BREAKDOWN,
  ZERO_SOCKET_IO_BREAKDOWN,
  type MeterReport,
} from '../../../lib/protocol/meter-report';
import { readCsv } from '../../support/csv-reader';

const OPENED_AT = Date.UTC(2026, 10, 21, 22, 30, 0);
const EXPORTED_AT = new Date(Date.UTC(2026, 10, 21, 22, 40, 0, 123));

const REPORT: MeterReport = {
  serverTs: OPENED_AT + 20_000,
  modes: {
    ...ZERO_MODE_COUNTERS,
    socketio: { requests: 1, bytesUp: 640, bytesDown: 14_270 },
    polling: { requests: 88, bytesUp: 49_277, bytesDown: 37_936 },
  },
  overhead: { requests: 1, bytesUp: 590, bytesDown: 4_429 },
  breakdown: {
    ...ZERO_BREAKDOWN,
    socketio: { handshake: 560, frameHeaders: 1_100, payload: 13_200, pings: 50, tls: 0, ticks: 12_000 },
    polling: { requestHeaders: 49_277, responseHeaders: 17_000, bodies: 20_936, tls: 0, ticks: 8_721 },
  },
  refusedPolls: 4,
};

/** A tab that ran Socket.IO for 8 s and then polling for 12 s, with ticks of 40 and 400 ms. */
function sessionTracker(): MeterTracker {
  const tracker = new MeterTracker();
  tracker.setActiveMode('socketio', OPENED_AT);
  tracker.recordFreshness('socketio', OPENED_AT + 1_000, OPENED_AT + 1_040);
  tracker.setActiveMode('polling', OPENED_AT + 8_000);
  tracker.recordFreshness('polling', OPENED_AT + 9_000, OPENED_AT + 9_400);
  for (let i = 0; i < 3; i++) tracker.countMessage('polling');
  tracker.ingestReport(REPORT, OPENED_AT + 20_000);
  return tracker;
}

function exportOf(tracker: MeterTracker, pageUrl = 'http://192.168.1.20:3000/'): MeterExport {
  return buildMeterExport({
    view: tracker.view(),
    exportedAt: EXPORTED_AT,
    pageUrl,
    transport: 'polling',
    tickIntervalMs: 100,
    pollIntervalMs: 250,
  });
}

describe('meter export', () => {
  describe('buildMeterExport', () => {
    it('should give a document its own schema accepts', () => {
      expect(meterExportSchema.parse(exportOf(sessionTracker()))).toEqual(exportOf(sessionTracker()));
    });

    it('should carry each mode’s figures as the meter view has them', () => {
      const document = exportOf(sessionTracker());
      expect(document.socketio).toEqual({
        activeSeconds: 8,
        requests: 1,
        messages: 0,
        bytesUp: 640,
        bytesDown: 14_270,
        usefulPercent: 80.48,
        tickAgeMs: { samples: 1, p50: 40, p95: 40, max: 40 },
        breakdown: REPORT.breakdown.socketio,
      });
      expect(document.polling).toMatchObject({
        activeSeconds: 12,
        requests: 88,
        messages: 3,
        bytesUp: 49_277,
        bytesDown: 37_936,
        breakdown: REPORT.breakdown.polling,
        tickAgeMs: { samples: 1, max: 400 },
        refused: 4,
      });
      expect(document.overhead).toEqual(REPORT.overhead);
    });

    it('should give the useful share to two decimals of a percent', () => {
      const polling = exportOf(sessionTracker()).polling;
      expect(polling.usefulPercent).toBe(Math.round((8_721 / (49_277 + 37_936)) * 10_000) / 100);
    });

    it('should say when it was made, from which report and from which page', () => {
      expect(exportOf(sessionTracker()).meta).toEqual({
        format: 'live-ticker-meter',
        version: 2,
        exportedAt: '2026-11-21T22:40:00.123Z',
        reportedAt: '2026-11-21T22:30:20.000Z',
        pageUrl: 'http://192.168.1.20:3000/',
        origin: 'http://192.168.1.20:3000',
        tls: false,
        transport: 'polling',
        tickIntervalMs: 100,
        pollIntervalMs: 250,
      });
    });

    it('should tell TLS from the page’s address', () => {
      expect(exportOf(sessionTracker(), 'https://localhost:3000/?x=1').meta).toMatchObject({
        tls: true,
        origin: 'https://localhost:3000',
      });
    });

    it('should give nulls, not zeros, for what has not been measured yet', () => {
      const document = exportOf(new MeterTracker());
      expect(meterExportSchema.safeParse(document).success).toBe(true);
      expect(document.meta.reportedAt).toBeNull();
      for (const mode of [document.socketio, document.polling]) {
        expect(mode.usefulPercent).toBeNull();
        expect(mode.tickAgeMs).toEqual({ samples: 0, p50: null, p95: null, max: null });
        expect(mode.activeSeconds).toBe(0);
      }
    });

    it('should count from the last reset, as the meter does', () => {
      const tracker = sessionTracker();
      tracker.reset(OPENED_AT + 20_000);
      const document = exportOf(tracker);
      expect(document.polling).toMatchObject({
        activeSeconds: 0,
        requests: 0,
        bytesUp: 0,
        breakdown: ZERO_POLLING_BREAKDOWN,
        refused: 0,
      });
      expect(document.socketio.breakdown).toEqual(ZERO_SOCKET_IO_BREAKDOWN);
      expect(document.overhead).toEqual(ZERO_COUNTERS);
    });
  });

  describe('meterExportCsv', () => {
    it('should write one row per figure under a section,field,value header', () => {
      const rows = readCsv(meterExportCsv(exportOf(sessionTracker())));
      expect(rows[0]).toEqual(['section', 'field', 'value']);
      expect(rows).toContainEqual(['meta', 'exportedAt', '2026-11-21T22:40:00.123Z']);
      expect(rows).toContainEqual(['polling', 'breakdown.requestHeaders', '49277']);
      expect(rows).toContainEqual(['socketio', 'tickAgeMs.p95', '40']);
      expect(rows).toContainEqual(['overhead', 'bytesDown', '4429']);
      expect(rows).toContainEqual(['hidden', 'periods', '0']);
      expect(rows.every((row) => row.length === 3)).toBe(true);
    });

    it('should hold exactly the JSON’s figures, each at its path', () => {
      const document = exportOf(sessionTracker());
      const fromJson = new Map<string, string>();
      type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
      const walk = (value: Json, path: string): void => {
        if (value !== null && typeof value === 'object') {
          for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
        } else {
          fromJson.set(path, value === null ? '' : String(value));
        }
      };
      walk(JSON.parse(meterExportJson(document)) as Json, '');
      const fromCsv = new Map(
        readCsv(meterExportCsv(document))
          .slice(1)
          .map(([section, field, value]) => [`${section}.${field}`, value]),
      );
      expect(fromCsv).toEqual(fromJson);
    });

    it('should write a missing figure as an empty field', () => {
      const rows = readCsv(meterExportCsv(exportOf(new MeterTracker())));
      expect(rows).toContainEqual(['polling', 'usefulPercent', '']);
      expect(rows).toContainEqual(['meta', 'reportedAt', '']);
    });

    it('should quote a page address that holds commas or quotes', () => {
      const url = 'http://localhost:3000/?note=a,b"c';
      const text = meterExportCsv(exportOf(sessionTracker(), url));
      expect(readCsv(text)).toContainEqual(['meta', 'pageUrl', new URL(url).href]);
    });
  });

  describe('meterExportJson', () => {
    it('should read back as the same document', () => {
      const document = exportOf(sessionTracker());
      expect(meterExportSchema.parse(JSON.parse(meterExportJson(document)))).toEqual(document);
    });
  });

  describe('meterExportFileName', () => {
    it('should stamp the name with the UTC time to the second, without colons', () => {
      expect(meterExportFileName(EXPORTED_AT, 'json')).toBe('live-ticker-meter-2026-11-21T22-40-00Z.json');
      expect(meterExportFileName(EXPORTED_AT, 'csv')).toBe('live-ticker-meter-2026-11-21T22-40-00Z.csv');
    });
  });
});
