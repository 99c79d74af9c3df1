import type { Locator, Page } from 'playwright-core';
import { TRANSPORT_LABELS, type TransportMode } from '../../../lib/protocol/transport-mode';

/** A WebSocket frame as the inspector shows it: its header's boxes and legend, and its payload. */
export interface ShownFrame {
  readonly header: string;
  readonly headerBytes: number;
  /** The length the page decoded from the header's bytes. */
  readonly payloadLength: number;
  /** The payload size the server reported. */
  readonly payloadBytes: number;
  /** The payload as shown, without the size caption. */
  readonly payloadText: string;
  /** Each header part's boxes, e.g. [['81'], ['7e', '00', '9c']]. */
  readonly boxes: readonly (readonly string[])[];
  readonly legend: readonly string[];
}

/** Reads the wire inspector the way a person does: by its buttons, regions and visible text. */
export class WireInspectorPanel {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Wire inspector' });
  }

  async open(): Promise<void> {
    await this.region.getByRole('button', { name: 'Show the bytes' }).click();
  }

  async close(): Promise<void> {
    await this.region.getByRole('button', { name: 'Hide the bytes' }).click();
  }

  async pause(): Promise<void> {
    await this.region.getByRole('button', { name: 'Pause' }).click();
  }

  async resume(): Promise<void> {
    await this.region.getByRole('button', { name: 'Resume' }).click();
  }

  /** One mode's column. */
  mode(mode: TransportMode): Locator {
    return this.region.getByRole('region', { name: `${TRANSPORT_LABELS[mode]} bytes`, exact: true });
  }

  /** A mode's column as text: what it says when it has nothing to show. */
  async modeText(mode: TransportMode): Promise<string> {
    return this.mode(mode).innerText();
  }

  /**
   * The text of a titled block ("Request head", "101 response", …) exactly as the page holds it: each
   * line end a line break (the \r\n marks are drawn by CSS, not text).
   */
  async block(mode: TransportMode, title: string): Promise<string> {
    const block = this.mode(mode).locator('figure.wire-block', {
      has: this.page.locator('figcaption', { hasText: new RegExp(`^${title}\\b`) }),
    });
    return (await block.locator('pre').textContent()) ?? '';
  }

  /** The line-end marks of a titled block, in order. */
  async lineEnds(mode: TransportMode, title: string): Promise<string[]> {
    const block = this.mode(mode).locator('figure.wire-block', {
      has: this.page.locator('figcaption', { hasText: new RegExp(`^${title}\\b`) }),
    });
    return block.locator('.eol').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-eol') ?? ''));
  }

  /** The raw figures behind a mode's exhibit (its data-* attributes), by name. */
  async figures(mode: TransportMode): Promise<Record<string, number>> {
    const data = await this.mode(mode)
      .locator('.exhibit')
      .evaluate((element) => ({ ...(element as HTMLElement).dataset }));
    return Object.fromEntries(Object.entries(data).map(([name, value]) => [name, Number(value)]));
  }

  /** The line saying whether the shown text is what the socket counted. */
  async countedCheck(mode: TransportMode): Promise<{ text: string; matches: boolean }> {
    const line = this.mode(mode).locator('.counted-check');
    return { text: await line.innerText(), matches: (await line.getAttribute('data-matches')) === 'true' };
  }

  async sizeLine(mode: TransportMode): Promise<string> {
    return this.mode(mode).locator('.size-line').innerText();
  }

  /** A WebSocket mode's last frame one way, read in one go so a refresh cannot fall between its parts. */
  async frame(direction: 'down' | 'up', mode: 'socketio' | 'websocket' = 'socketio'): Promise<ShownFrame> {
    return this.mode(mode)
      .locator(`figure.frame[data-direction="${direction}"]`)
      .evaluate((figure: HTMLElement) => ({
        header: figure.dataset.header ?? '',
        headerBytes: Number(figure.dataset.headerBytes),
        payloadLength: Number(figure.dataset.payloadLength),
        payloadBytes: Number(figure.dataset.payloadBytes),
        payloadText: figure.querySelector('figure.wire-block pre')?.textContent ?? '',
        boxes: Array.from(figure.querySelectorAll('.hex-part'), (part) =>
          Array.from(part.querySelectorAll('.hex-byte'), (box) => box.textContent ?? ''),
        ),
        legend: Array.from(figure.querySelectorAll('.hex-legend li'), (item) => item.textContent ?? ''),
      }));
  }
}
