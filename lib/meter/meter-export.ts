import { z } from 'zod';
import { toCsv } from '../format/csv';
import { breakdownSchema, wireCountersSchema } from '../protocol/meter-report';
import { TRANSPORT_MODES, type TransportMode } from '../protocol/transport-mode';
import { summarizeBreakdown } from './byte-breakdown';
import type { FreshnessSummary } from './freshness-histogram';
import type { MeterView } from './meter-tracker';

const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const milliseconds = z.number().nonnegative().nullable();

/** One mode's figures since the page opened or the last reset; every byte figure is the server's count. */
const modeExportSchema = z.strictObject({
  activeSeconds: seconds,
  requests: count,
  messages: count,
  bytesUp: count,
  bytesDown: count,
  /** Tick data as a percentage of every byte of the mode, to two decimals; null while it has no bytes. */
  usefulPercent: z.number().min(0).max(100).nullable(),
  /** Tick ages on reaching the screen; the percentiles are null without samples. */
  tickAgeMs: z.strictObject({ samples: count, p50: milliseconds, p95: milliseconds, max: milliseconds }),
});

/**
 * The meter's figures as a file, one document per export. Its top-level keys are the CSV's sections,
 * and each leaf's path below them its field (see meterExportCsv).
 */
export const meterExportSchema = z.strictObject({
  meta: z.strictObject({
    format: z.literal('live-ticker-meter'),
    version: z.literal(2),
    exportedAt: z.iso.datetime(),
    /** When the meter report these figures come from reached the page; null before the first. */
    reportedAt: z.iso.datetime().nullable(),
    pageUrl: z.url(),
    origin: z.string(),
    tls: z.boolean(),
    transport: z.enum(TRANSPORT_MODES),
    tickIntervalMs: count,
    pollIntervalMs: count,
  }),
  socketio: modeExportSchema.extend({ breakdown: breakdownSchema.shape.socketio.strict() }),
  websocket: modeExportSchema.extend({ breakdown: breakdownSchema.shape.websocket.strict() }),
  sse: modeExportSchema.extend({ breakdown: breakdownSchema.shape.sse.strict() }),
  longpolling: modeExportSchema.extend({ breakdown: breakdownSchema.shape.longpolling.strict() }),
  polling: modeExportSchema.extend({
    breakdown: breakdownSchema.shape.polling.strict(),
    /** Polls and long polls the server refused with 429 Too Many Requests; they are in those modes' figures too. */
    refused: count,
  }),
  /** The meter feed's own traffic, in neither mode. */
  overhead: wireCountersSchema.strict(),
  hidden: z.strictObject({ seconds, periods: count }),
});
export type MeterExport = z.infer<typeof meterExportSchema>;

export interface MeterExportInput {
  readonly view: MeterView;
  readonly exportedAt: Date;
  /** The page's address (`location.href`); its origin and whether it is TLS are taken from it. */
  readonly pageUrl: string;
  readonly transport: TransportMode;
  readonly tickIntervalMs: number;
  readonly pollIntervalMs: number;
}

/** Milliseconds as seconds, to the millisecond. */
const toSeconds = (ms: number) => Math.round(ms) / 1000;

function tickAges(freshness: FreshnessSummary): MeterExport['polling']['tickAgeMs'] {
  const sampled = freshness.count > 0;
  return {
    samples: freshness.count,
    p50: sampled ? freshness.p50 : null,
    p95: sampled ? freshness.p95 : null,
    max: sampled ? freshness.max : null,
  };
}

/** The document an export writes: the figures the meter shows, from the same view. */
export function buildMeterExport({ view, exportedAt, pageUrl, transport, tickIntervalMs, pollIntervalMs }: MeterExportInput): MeterExport {
  const url = new URL(pageUrl);
  const summaries = summarizeBreakdown(view.breakdown);
  const mode = (m: TransportMode) => {
    const figures = view.modes[m];
    const share = summaries[m].usefulShare;
    return {
      activeSeconds: toSeconds(figures.activeMs),
      requests: figures.wire.requests,
      messages: figures.messages,
      bytesUp: figures.wire.bytesUp,
      bytesDown: figures.wire.bytesDown,
      usefulPercent: share === null ? null : Math.round(share * 10_000) / 100,
      tickAgeMs: tickAges(figures.freshness),
    };
  };
  return {
    meta: {
      format: 'live-ticker-meter',
      version: 2,
      exportedAt: exportedAt.toISOString(),
      reportedAt: view.reportedAt === null ? null : new Date(view.reportedAt).toISOString(),
      pageUrl: url.href,
      origin: url.origin,
      tls: url.protocol === 'https:',
      transport,
      tickIntervalMs,
      pollIntervalMs,
    },
    socketio: { ...mode('socketio'), breakdown: view.breakdown.socketio },
    websocket: { ...mode('websocket'), breakdown: view.breakdown.websocket },
    sse: { ...mode('sse'), breakdown: view.breakdown.sse },
    longpolling: { ...mode('longpolling'), breakdown: view.breakdown.longpolling },
    polling: { ...mode('polling'), breakdown: view.breakdown.polling, refused: view.refusedPolls },
    overhead: view.overhead,
    hidden: { seconds: toSeconds(view.hidden.totalMs), periods: view.hidden.periods },
  };
}

/** What the document holds below its sections: figures, and groups of them. */
type Figures = string | number | boolean | null | { readonly [key: string]: Figures };

/** Every leaf below `value`, as its dotted path and its text (null as an empty field). */
function* leaves(value: Figures, path: string): Generator<readonly [string, string]> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* leaves(child, path ? `${path}.${key}` : key);
  } else {
    yield [path, value === null ? '' : String(value)];
  }
}

/**
 * The document as CSV in long form, one figure a row: `section,field,value`, e.g.
 * `polling,breakdown.requestHeaders,48211`. One row a figure, rather than one row a mode, because the
 * modes' breakdowns have different parts and the metadata is not per mode; `section.field` is the
 * figure's path in the JSON, so the two files read alike.
 */
export function meterExportCsv(document: MeterExport): string {
  const rows: string[][] = [['section', 'field', 'value']];
  for (const [section, figures] of Object.entries(document)) {
    for (const [field, value] of leaves(figures, '')) rows.push([section, field, value]);
  }
  return toCsv(rows);
}

/** The document as JSON, indented for a person to read. */
export function meterExportJson(document: MeterExport): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** e.g. `live-ticker-meter-2026-11-21T22-40-00Z.json`: sortable, and without the colons some file systems refuse. */
export function meterExportFileName(exportedAt: Date, extension: 'json' | 'csv'): string {
  const stamp = exportedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  return `live-ticker-meter-${stamp}.${extension}`;
}
