import type { Locator, Page } from 'playwright-core';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';

export type CompareMetric = 'Requests' | 'Messages' | 'Bytes up' | 'Bytes down';

/** A panel's wire figures and the summary's line for its mode, read in one go (see ComparePage.figures). */
export interface ModeFiguresShown {
  readonly requestsPerSecond: number;
  readonly bytesUpPerSecond: number;
  readonly bytesDownPerSecond: number;
  readonly summary: {
    readonly basis: string;
    readonly requests: number;
    readonly bytes: number;
    readonly text: string;
  };
}

export interface FiguresShown {
  readonly modes: Readonly<Record<'socketio' | 'polling', ModeFiguresShown>>;
  /** The ratio line's polling bytes ÷ Socket.IO bytes, NaN while it has none. */
  readonly ratio: number;
  readonly ratioText: string;
}

/** Reads the side-by-side view the way a person does, through labels, and the raw figures behind them. */
export class ComparePage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/compare`);
    for (const mode of TRANSPORT_MODES) await this.panel(mode).locator('tbody tr[data-symbol]').first().waitFor();
  }

  panel(mode: TransportMode): Locator {
    return this.page.getByRole('region', { name: TRANSPORT_LABELS[mode], exact: true });
  }

  /** The raw total behind a panel's meter figure. */
  async meter(mode: TransportMode, metric: CompareMetric): Promise<number> {
    const value = await this.panel(mode).locator(`.mode-meter tr[data-metric="${metric}"]`).getAttribute('data-value');
    return value ? Number(value) : Number.NaN;
  }

  /** The raw per-second figure behind a panel's meter figure. */
  async meterRate(mode: TransportMode, metric: CompareMetric): Promise<number> {
    const value = await this.panel(mode).locator(`.mode-meter tr[data-metric="${metric}"]`).getAttribute('data-rate');
    return value ? Number(value) : Number.NaN;
  }

  async status(mode: TransportMode): Promise<string> {
    return this.panel(mode).getByRole('status', { name: 'Connection' }).innerText();
  }

  /** Each listed price as the DOM holds it. */
  async prices(mode: TransportMode): Promise<string[]> {
    const texts = await this.panel(mode).locator('tbody tr[data-symbol] td.price').allTextContents();
    return texts.map((text) => text.trim());
  }

  async resetMeter(mode: TransportMode): Promise<void> {
    await this.panel(mode).getByRole('button', { name: 'Reset' }).click();
  }

  async choosePollInterval(label: '100 ms' | '250 ms' | '1 s' | '5 s'): Promise<void> {
    await this.panel('polling').getByLabel('Poll interval').selectOption({ label });
  }

  /**
   * The panels' per-second figures and the summary, read in one script: the page cannot render between
   * the reads, so the summary and the panels show the same meter report (or the test must wait for one).
   */
  async figures(): Promise<FiguresShown> {
    return this.page.evaluate((labels) => {
      const number = (element: Element | null, name: string) => {
        const value = element?.getAttribute(name);
        return value ? Number(value) : Number.NaN;
      };
      const read = (mode: TransportMode) => {
        const panel = document.querySelector(`section[aria-label="${labels[mode]}"]`);
        const rate = (metric: string) => number(panel?.querySelector(`.mode-meter tr[data-metric="${metric}"]`) ?? null, 'data-rate');
        const line = document.querySelector(`.minute-summary [data-mode="${mode}"]`);
        return {
          requestsPerSecond: rate('Requests'),
          bytesUpPerSecond: rate('Bytes up'),
          bytesDownPerSecond: rate('Bytes down'),
          summary: {
            basis: line?.getAttribute('data-basis') ?? '',
            requests: number(line, 'data-requests'),
            bytes: number(line, 'data-bytes'),
            text: line?.textContent ?? '',
          },
        };
      };
      const ratio = document.querySelector('.minute-summary .ratio');
      return {
        modes: { socketio: read('socketio'), polling: read('polling') },
        ratio: number(ratio, 'data-ratio'),
        ratioText: ratio?.textContent ?? '',
      };
    }, TRANSPORT_LABELS);
  }

  /** Per chart (by caption), the number of points in each mode's drawn line; 0 where none is drawn. */
  async plottedPoints(): Promise<Record<string, Record<string, number>>> {
    return this.page.evaluate((modes) => {
      const charts: Record<string, Record<string, number>> = {};
      for (const figure of document.querySelectorAll('figure.traffic-chart')) {
        const caption = figure.querySelector('figcaption')?.textContent ?? '';
        const points: Record<string, number> = {};
        for (const mode of modes) {
          const path = figure.querySelector(`.series-${mode} path.recharts-area-curve`)?.getAttribute('d') ?? '';
          // An SVG path of a polyline: one M, then an L per further point.
          points[mode] = path ? (path.match(/[ML]/g) ?? []).length : 0;
        }
        charts[caption] = points;
      }
      return charts;
    }, TRANSPORT_MODES);
  }
}
