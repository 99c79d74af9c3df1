import type { Page } from 'playwright-core';
import type { WireCounters } from '../../../lib/protocol/meter-report';
import type { TRANSPORT_LABELS, TransportMode } from '../../../lib/protocol/transport-mode';

export type MeterMetric = 'Requests' | 'Messages' | 'Bytes up' | 'Bytes down' | 'Tick age p50' | 'Tick age p95' | 'Tick age max';
export type MeterRateMetric = 'Requests' | 'Messages' | 'Bytes up' | 'Bytes down';

/** What the status badge says once each mode is connected (polling at whatever interval). */
export const CONNECTED: Readonly<Record<TransportMode, RegExp>> = {
  socketio: /^Connected\s+WebSocket/,
  websocket: /^Connected\s+Plain WebSocket/,
  sse: /^Connected\s+Server-Sent Events \(one stream\)/,
  longpolling: /^Connected\s+HTTP long polling/,
  polling: /^Connected\s+HTTP polling every/,
};

/** The meter's note on the time the tab was hidden, as shown. */
export interface HiddenTimeNote {
  readonly text: string;
  readonly totalMs: number;
  readonly periods: number;
}

/** Reads the dashboard the way a person does, through labels and visible text. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('tbody tr[data-symbol]').first().waitFor();
  }

  /** The raw number behind a meter cell (the cell shows it formatted). */
  async meter(mode: TransportMode, metric: MeterMetric): Promise<number> {
    const value = await this.page
      .getByRole('region', { name: 'Meter' })
      .locator(`td[data-mode="${mode}"][data-metric="${metric}"]`)
      .getAttribute('data-value');
    return value ? Number(value) : Number.NaN;
  }

  /**
   * The meter table's columns, left to right, as a person sees their headings: the mode's label, whether
   * it carries the "active" badge, and the heading's background colour as drawn.
   */
  async meterColumns(): Promise<{ readonly label: string; readonly active: boolean; readonly background: string }[]> {
    const headings = this.page.getByRole('region', { name: 'Meter' }).locator('thead th.num');
    return headings.evaluateAll((cells) =>
      cells.map((cell) => ({
        label: (cell.firstChild?.textContent ?? '').trim(),
        active: cell.querySelector('.badge')?.textContent === 'active',
        background: getComputedStyle(cell).backgroundColor,
      })),
    );
  }

  /** The raw per-second figure behind a meter cell's rate. */
  async meterRate(mode: TransportMode, metric: MeterRateMetric): Promise<number> {
    const value = await this.page
      .getByRole('region', { name: 'Meter' })
      .locator(`td[data-mode="${mode}"][data-metric="${metric}"]`)
      .getAttribute('data-rate');
    return value ? Number(value) : Number.NaN;
  }

  /** The meter's note on hidden time, or null while it shows none. */
  async hiddenTimeNote(): Promise<HiddenTimeNote | null> {
    const note = this.page.getByRole('region', { name: 'Meter' }).locator('p.hidden-time');
    if ((await note.count()) === 0) return null;
    return {
      text: await note.innerText(),
      totalMs: Number(await note.getAttribute('data-hidden-ms')),
      periods: Number(await note.getAttribute('data-hidden-periods')),
    };
  }

  /** What the page itself reads in `document.visibilityState`. */
  async visibility(): Promise<string> {
    return this.page.evaluate(() => document.visibilityState);
  }

  /**
   * Every row's price as the DOM holds it. Not innerText: rows scrolled out of view are not rendered
   * (content-visibility), and innerText of an unrendered cell is empty.
   */
  async prices(): Promise<string[]> {
    const texts = await this.page.locator('tbody tr[data-symbol] td.price').allTextContents();
    return texts.map((text) => text.trim());
  }

  /** The meter's own traffic, as the overhead line shows it. */
  async overhead(): Promise<WireCounters> {
    const line = this.page.getByRole('region', { name: 'Meter' }).locator('p.overhead');
    const read = async (name: string) => Number(await line.getAttribute(name));
    return { requests: await read('data-requests'), bytesUp: await read('data-bytes-up'), bytesDown: await read('data-bytes-down') };
  }

  /** This tab's clock when the meter's latest report arrived; NaN before the first. */
  async reportedAt(): Promise<number> {
    const value = await this.page.getByRole('region', { name: 'Meter' }).getAttribute('data-reported-at');
    return value ? Number(value) : Number.NaN;
  }

  /** Waits for a meter report that arrived after `since` (this tab's clock) and returns when it arrived. */
  async nextReport(since: number, timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = await this.reportedAt();
      if (at > since) return at;
      if (Date.now() > deadline) throw new Error(`no meter report after ${since} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async status(): Promise<string> {
    return this.page.getByRole('status', { name: 'Connection' }).innerText();
  }

  /** Exactly this label: "Polling" alone would also find "Long polling". */
  async chooseTransport(label: (typeof TRANSPORT_LABELS)[TransportMode]): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'Transport' }).getByLabel(label, { exact: true }).check();
  }

  async choosePollInterval(label: '100 ms' | '250 ms' | '1 s' | '5 s'): Promise<void> {
    await this.page.getByLabel('Poll interval').selectOption({ label });
  }
}
