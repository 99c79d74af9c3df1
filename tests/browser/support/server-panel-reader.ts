import type { Locator, Page } from 'playwright-core';
import type { TransportMode } from '../../../lib/protocol/transport-mode';

/** The dashboard's Server panel, read through its region and the raw figures behind what it shows. */
export class ServerPanelReader {
  readonly region: Locator;

  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Server', exact: true });
  }

  /** Viewers of a mode in the latest sample; NaN before the first. */
  viewers(mode: TransportMode): Promise<number> {
    return this.#number(this.region.locator(`[data-figure="viewers"] [data-mode="${mode}"]`));
  }

  /** HTTP requests per second in the latest sample; NaN before the first. */
  requestsPerSecond(): Promise<number> {
    return this.#number(this.region.locator('[data-figure="requests"]'));
  }

  /** The pid the panel names. */
  pid(): Promise<number> {
    return this.#number(this.region.locator('[data-pid]'), 'data-pid');
  }

  /** Whether the panel says its feed is live. */
  async live(): Promise<boolean> {
    return (await this.region.getAttribute('data-live')) === 'true';
  }

  async #number(locator: Locator, attribute = 'data-value'): Promise<number> {
    const value = await locator.getAttribute(attribute);
    return value ? Number(value) : Number.NaN;
  }
}
