import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { readMeter, type MeterSnapshot } from './meter-snapshot';

/** A meter export as downloaded, with the meter the page showed when it was made. */
export interface MeterDownload {
  readonly name: string;
  readonly text: string;
  /** The meter as shown when the button was clicked: the same render the file was made from. */
  readonly shown: MeterSnapshot;
  /** The test's clock just before and after the click. */
  readonly clickedBetween: readonly [number, number];
}

/**
 * Clicks an export button the way a person does and reads the download. The meter is read just before
 * and just after the click; if a report arrived in between, the file might hold either, so it tries again
 * until both reads show the same report.
 */
export async function downloadMeter(page: Page, format: 'JSON' | 'CSV'): Promise<MeterDownload> {
  const button = page.getByRole('region', { name: 'Meter' }).getByRole('group', { name: 'Export' }).getByRole('button', { name: format });
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await readMeter(page);
    const startedAt = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const endedAt = Date.now();
    const after = await readMeter(page);
    const text = await readFile(await download.path(), 'utf8');
    if (before.reportedAt === after.reportedAt) {
      return { name: download.suggestedFilename(), text, shown: before, clickedBetween: [startedAt, endedAt] };
    }
  }
  throw new Error('a meter report arrived during every one of five exports');
}
