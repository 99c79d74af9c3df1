import type { Page } from 'playwright-core';
import type { TransportMode } from '../../../lib/protocol/transport-mode';

/** The P/2 note as shown: its text and the figures behind it. */
export interface PollWaitNote {
  readonly text: string;
  readonly intervalMs: number;
  readonly expectedMs: number;
  /** NaN while the page says it has not measured yet. */
  readonly measuredMs: number;
}

/** Reads the Tick age card: the P/2 note and the chart of ages per second. */
export class TickAgeCard {
  constructor(readonly page: Page) {}

  get #card() {
    return this.page.getByRole('region', { name: 'Tick age' });
  }

  async pollWait(): Promise<PollWaitNote> {
    const note = this.#card.locator('.poll-wait');
    const number = async (name: string) => {
      const value = await note.getAttribute(name);
      return value ? Number(value) : Number.NaN;
    };
    return {
      text: await note.innerText(),
      intervalMs: await number('data-interval-ms'),
      expectedMs: await number('data-expected-ms'),
      measuredMs: await number('data-measured-ms'),
    };
  }

  /** Seconds of the last minute the chart has ticks for, in a mode. */
  async chartSeconds(mode: TransportMode): Promise<number> {
    return Number(await this.#card.getByRole('img').getAttribute(`data-${mode}-seconds`));
  }

  /** A mode's bars that the chart's SVG draws with a height. */
  async drawnBars(mode: TransportMode): Promise<number> {
    return this.#card
      .getByRole('img')
      .locator(`g.age-bar[data-mode="${mode}"]`)
      .evaluateAll((bars) => bars.filter((bar) => bar.getBoundingClientRect().height > 0).length);
  }
}
