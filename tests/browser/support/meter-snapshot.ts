import type { Page } from 'playwright-core';
import type { WireCounters } from '../../../lib/protocol/meter-report';
import { TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';

/** One mode's figures as the meter table holds them in its data-* attributes. */
export interface ModeSnapshot extends WireCounters {
  readonly messages: number;
  /** null while the table shows "—". */
  readonly tickAgeP50: number | null;
  readonly tickAgeP95: number | null;
}

/** One mode's "Where the bytes go" bar as drawn. */
export interface BreakdownSnapshot {
  readonly total: number;
  readonly ticks: number;
  /** 0–1; null while the mode has no bytes. */
  readonly usefulShare: number | null;
  /** Bytes of each part, by the schema's name for it. */
  readonly parts: Readonly<Record<string, number>>;
  /** The large "useful payload" figure as a person reads it, e.g. "17 %" or "—". */
  readonly usefulText: string;
  /** The legend's part names, in order, as shown. */
  readonly labels: readonly string[];
}

/** Everything the meter shows, read in one go: one render, so one meter report. */
export interface MeterSnapshot {
  /** This tab's clock when the report arrived; NaN before the first. */
  readonly reportedAt: number;
  /** Every mode; one the meter does not show has NaN figures and an empty breakdown. */
  readonly modes: Readonly<Record<TransportMode, ModeSnapshot>>;
  readonly breakdown: Readonly<Record<TransportMode, BreakdownSnapshot>>;
  readonly overhead: WireCounters;
}

/**
 * Reads the whole meter in a single evaluation in the page: nothing renders while a script runs, so
 * every figure comes from the same report, and a test can hold the parts against the totals exactly.
 */
export function readMeter(page: Page): Promise<MeterSnapshot> {
  return page.evaluate((modes): MeterSnapshot => {
    const meter = document.querySelector('section[aria-label="Meter"]');
    if (!meter) throw new Error('no meter on the page');
    const numberOr = <T>(value: string | null | undefined, empty: T): number | T =>
      value === null || value === undefined || value === '' ? empty : Number(value);
    const cell = (mode: string, metric: string) =>
      numberOr(meter.querySelector(`td[data-mode="${mode}"][data-metric="${metric}"]`)?.getAttribute('data-value'), null);
    const count = (mode: string, metric: string) => cell(mode, metric) ?? Number.NaN;
    const mode = (m: string): ModeSnapshot => ({
      requests: count(m, 'Requests'),
      messages: count(m, 'Messages'),
      bytesUp: count(m, 'Bytes up'),
      bytesDown: count(m, 'Bytes down'),
      tickAgeP50: cell(m, 'Tick age p50'),
      tickAgeP95: cell(m, 'Tick age p95'),
    });
    const breakdown = (m: string): BreakdownSnapshot => {
      const bar = meter.querySelector(`[data-breakdown-mode="${m}"]`);
      if (!bar) return { total: Number.NaN, ticks: Number.NaN, usefulShare: null, parts: {}, usefulText: '', labels: [] };
      const legend = [...bar.querySelectorAll('li[data-part]')];
      return {
        total: Number(bar.getAttribute('data-total')),
        ticks: Number(bar.getAttribute('data-ticks')),
        usefulShare: numberOr(bar.getAttribute('data-useful-share'), null),
        parts: Object.fromEntries(legend.map((item) => [item.getAttribute('data-part') ?? '', Number(item.getAttribute('data-bytes'))])),
        usefulText: bar.querySelector('.useful-value')?.textContent?.trim() ?? '',
        labels: legend.map((item) => item.querySelector('.bytes-part')?.textContent?.trim() ?? ''),
      };
    };
    const overhead = meter.querySelector('p.overhead');
    return {
      reportedAt: numberOr(meter.getAttribute('data-reported-at'), Number.NaN),
      modes: Object.fromEntries(modes.map((m) => [m, mode(m)])) as Record<TransportMode, ModeSnapshot>,
      breakdown: Object.fromEntries(modes.map((m) => [m, breakdown(m)])) as Record<TransportMode, BreakdownSnapshot>,
      overhead: {
        requests: Number(overhead?.getAttribute('data-requests')),
        bytesUp: Number(overhead?.getAttribute('data-bytes-up')),
        bytesDown: Number(overhead?.getAttribute('data-bytes-down')),
      },
    };
  }, TRANSPORT_MODES);
}

/** Waits for a meter report after `since` (this tab's clock) and reads the meter as of it. */
export async function readMeterAfter(page: Page, since: number, timeoutMs = 5000): Promise<MeterSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await readMeter(page);
    if (snapshot.reportedAt > since) return snapshot;
    if (Date.now() > deadline) throw new Error(`no meter report after ${since} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
