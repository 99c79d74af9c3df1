import type { Page } from 'playwright-core';
import type { TransportMode } from '../../../lib/protocol/transport-mode';

export type MeterMetric = 'Requests' | 'Messages' | 'Bytes up' | 'Bytes down' | 'Tick age p50' | 'Tick age p95';

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
   * Every row's price as the DOM holds it. Not innerText: rows scrolled out of view are not rendered
   * (content-visibility), and innerText of an unrendered cell is empty.
   */
  async prices(): Promise<string[]> {
    const texts = await this.page.locator('tbody tr[data-symbol] td.price').allTextContents();
    return texts.map((text) => text.trim());
  }

  async status(): Promise<string> {
    return this.page.getByRole('status', { name: 'Connection' }).innerText();
  }

  async chooseTransport(label: 'Socket.IO' | 'Polling'): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'Transport' }).getByLabel(label).check();
  }

  async choosePollInterval(label: '100 ms' | '250 ms' | '1 s' | '5 s'): Promise<void> {
    await this.page.getByLabel('Poll interval').selectOption({ label });
  }
}
