import type { Locator, Page } from 'playwright-core';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';

/** The lanes /compare shows when its address names none (app/compare/_components/lanes-in-url.ts). */
export const DEFAULT_LANES: readonly TransportMode[] = ['socketio', 'polling'];

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
    /** The lane's bytes as a multiple of the cheapest lane's: 1 for the cheapest; NaN until all are measured. */
    readonly multiple: number;
    readonly text: string;
  };
}

export interface FiguresShown {
  /** Every mode; one without a lane has NaN figures and an empty summary. */
  readonly modes: Readonly<Record<TransportMode, ModeFiguresShown>>;
  /** The ratio line's dearest lane's bytes ÷ the cheapest's, NaN while it has none. */
  readonly ratio: number;
  /** The modes the ratio line names, null while it names none. */
  readonly dearest: TransportMode | null;
  readonly cheapest: TransportMode | null;
  readonly ratioText: string;
}

/** One box of the "Lanes" group as a person sees it. */
export interface LaneOption {
  readonly label: string;
  readonly checked: boolean;
  readonly disabled: boolean;
}

/** Reads the side-by-side view the way a person does, through labels, and the raw figures behind them. */
export class ComparePage {
  constructor(readonly page: Page) {}

  /** Opens /compare, with the lanes named in its address if given, and waits for each lane's prices. */
  async open(baseUrl: string, lanes?: readonly TransportMode[]): Promise<void> {
    await this.page.goto(`${baseUrl}/compare${lanes ? `?lanes=${lanes.join(',')}` : ''}`);
    for (const mode of lanes ?? DEFAULT_LANES) await this.panel(mode).locator('tbody tr[data-symbol]').first().waitFor();
  }

  /** The lanes on the page, left to right, by the mode each runs. */
  async lanes(): Promise<string[]> {
    return this.page
      .locator('main section.compare-panel')
      .evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-mode') ?? ''));
  }

  /** The "Lanes" checkbox group, box by box. */
  laneGroup(): Locator {
    return this.page.getByRole('group', { name: 'Lanes' });
  }

  async laneOptions(): Promise<LaneOption[]> {
    const options: LaneOption[] = [];
    for (const mode of TRANSPORT_MODES) {
      const box = this.laneGroup().getByRole('checkbox', { name: TRANSPORT_LABELS[mode], exact: true });
      options.push({ label: TRANSPORT_LABELS[mode], checked: await box.isChecked(), disabled: await box.isDisabled() });
    }
    return options;
  }

  /** Ticks or unticks a lane's box, as a person clicks it. */
  async toggleLane(mode: TransportMode): Promise<void> {
    await this.laneGroup().getByRole('checkbox', { name: TRANSPORT_LABELS[mode], exact: true }).click();
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

  /** Polling's lane's interval. */
  async choosePollInterval(label: '100 ms' | '250 ms' | '1 s' | '5 s'): Promise<void> {
    await this.panel('polling').getByLabel('Poll interval').selectOption({ label });
  }

  /**
   * The panels' per-second figures and the summary, read in one script: the page cannot render between
   * the reads, so the summary and the panels show the same meter report (or the test must wait for one).
   */
  async figures(): Promise<FiguresShown> {
    const shown = await this.page.evaluate(
      ({ labels, modes }) => {
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
              multiple: number(line, 'data-multiple'),
              text: line?.textContent ?? '',
            },
          };
        };
        const ratio = document.querySelector('.minute-summary .ratio');
        return {
          modes: Object.fromEntries(modes.map((mode) => [mode, read(mode)])) as Record<TransportMode, ModeFiguresShown>,
          ratio: number(ratio, 'data-ratio'),
          dearest: ratio?.getAttribute('data-dearest') ?? '',
          cheapest: ratio?.getAttribute('data-cheapest') ?? '',
          ratioText: ratio?.textContent ?? '',
        };
      },
      { labels: TRANSPORT_LABELS, modes: TRANSPORT_MODES },
    );
    const modeNamed = (name: string) => TRANSPORT_MODES.find((mode) => mode === name) ?? null;
    return { ...shown, dearest: modeNamed(shown.dearest), cheapest: modeNamed(shown.cheapest) };
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
