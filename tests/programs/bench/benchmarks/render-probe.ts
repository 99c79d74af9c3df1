// Runs inside the page (installed with addInitScript before any of the app's scripts), not in Node.
// Playwright ships these functions as source text, so they may use only what the page has.

/** What one measured window saw, as `window.__renderProbe.end()` returns it. */
export interface RenderWindow {
  readonly windowMs: number;
  /** Durations of the long tasks (> 50 ms) that started in the window, in ms. */
  readonly longTaskMs: readonly number[];
  /** Long tasks before the window: page load, hydration, the transport switch. */
  readonly longTasksBefore: number;
  readonly frames: number;
  /** Summed over frames: rows with any DOM mutation in that frame. */
  readonly rowsTouched: number;
  /** Summed over frames: rows whose price text differs from the previous frame's. */
  readonly rowsPriceChanged: number;
  /** Summed over frames: rows mutated although their price text is the same as at the previous frame. */
  readonly rowsTouchedUnchanged: number;
  /**
   * Of those, rows whose price did change within the frame and came back (two ticks, A → B → A, between
   * two frames): touched for a real move, only not one that survived to the frame.
   */
  readonly rowsRevertedInFrame: number;
  /** Of those, rows mutated in a frame in which no update ever changed their price text: wasted work. */
  readonly rowsTouchedWithoutMove: number;
  /** For those wasted touches: which cells (by class, e.g. "price", "spark-col") were mutated, and how often. */
  readonly withoutMoveCells: Readonly<Record<string, number>>;
}

export interface RenderProbe {
  /** Starts a window over the rows of `tbodySelector`. */
  begin(tbodySelector: string): void;
  end(): RenderWindow;
}

export interface ProbeWindow {
  __renderProbe?: RenderProbe;
}

export const LONG_TASK_MS = 50;

/**
 * Installs `window.__renderProbe`. Long tasks are observed from the start of the document (buffered),
 * and only those starting inside a window count for it. Rows are compared once per animation frame:
 * a row is "touched" if anything under it mutated since the last frame, and "changed" if its price text
 * differs from what it was at the last frame. Each batch of mutations (one React commit, in practice)
 * is also checked on its own, to tell a price that moved and came back within a frame from a row that
 * was touched with no move at all.
 */
export function installRenderProbe(longTaskMs: number): void {
  const longTasks: { start: number; duration: number }[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });

  let observer: MutationObserver | undefined;
  let frameRequest = 0;
  let startedAt = 0;
  let frames = 0;
  let rowsTouched = 0;
  let rowsPriceChanged = 0;
  let rowsTouchedUnchanged = 0;
  let rowsRevertedInFrame = 0;
  /** Rows mutated since the last frame, with the cells that were. */
  const touched = new Map<Element, Set<string>>();
  const withoutMoveCells: Record<string, number> = {};
  /** Rows whose price text changed in some mutation batch since the last frame. */
  const moved = new Set<Element>();
  /** Price text per row as of the last frame, and as of the last mutation batch. */
  const lastPrice = new Map<Element, string>();
  const lastSeen = new Map<Element, string>();

  function rowOf(node: Node): Element | null {
    const element = node instanceof Element ? node : node.parentElement;
    return element?.closest('tr') ?? null;
  }

  const priceOf = (row: Element) => row.querySelector('td.price')?.textContent ?? '';

  function cellOf(node: Node): string {
    const element = node instanceof Element ? node : node.parentElement;
    const cell = element?.closest('td, th');
    return cell ? cell.className || cell.tagName.toLowerCase() : 'row';
  }

  function touch(row: Element, cell: string): void {
    let cells = touched.get(row);
    if (!cells) touched.set(row, (cells = new Set()));
    cells.add(cell);
  }

  function collect(records: MutationRecord[]): void {
    const batch = new Set<Element>();
    for (const record of records) {
      // The price highlight is set and cleared outside React (app/_components/ticker/price-flash.ts): not a render.
      if (record.type === 'attributes' && record.attributeName === 'data-flash') continue;
      const row = rowOf(record.target);
      if (row && row.parentElement?.tagName === 'TBODY') {
        batch.add(row);
        touch(row, cellOf(record.target));
      }
      // Rows added to the body itself: the record's target is the tbody.
      for (const added of record.addedNodes) {
        if (added instanceof HTMLTableRowElement) {
          batch.add(added);
          touch(added, 'row');
        }
      }
    }
    for (const row of batch) {
      const price = priceOf(row);
      if (lastSeen.get(row) !== price) moved.add(row);
      lastSeen.set(row, price);
    }
  }

  const probe: RenderProbe = {
    begin(tbodySelector) {
      const body = document.querySelector(tbodySelector);
      if (!(body instanceof HTMLTableSectionElement)) throw new Error(`no table body at ${tbodySelector}`);
      for (const row of body.rows) {
        lastPrice.set(row, priceOf(row));
        lastSeen.set(row, priceOf(row));
      }
      observer = new MutationObserver(collect);
      observer.observe(body, { subtree: true, childList: true, attributes: true, characterData: true });
      startedAt = performance.now();
      const onFrame = () => {
        if (observer) collect(observer.takeRecords());
        frames += 1;
        for (const row of body.rows) {
          const price = priceOf(row);
          const changed = lastPrice.get(row) !== price;
          lastPrice.set(row, price);
          if (changed) rowsPriceChanged += 1;
          const cells = touched.get(row);
          if (cells) {
            rowsTouched += 1;
            if (!changed) rowsTouchedUnchanged += 1;
            if (!changed && moved.has(row)) rowsRevertedInFrame += 1;
            if (!changed && !moved.has(row)) for (const cell of cells) withoutMoveCells[cell] = (withoutMoveCells[cell] ?? 0) + 1;
          }
        }
        touched.clear();
        moved.clear();
        frameRequest = requestAnimationFrame(onFrame);
      };
      frameRequest = requestAnimationFrame(onFrame);
    },
    end() {
      const endedAt = performance.now();
      cancelAnimationFrame(frameRequest);
      observer?.disconnect();
      observer = undefined;
      const inWindow = longTasks.filter((t) => t.start >= startedAt && t.start < endedAt && t.duration > longTaskMs);
      return {
        windowMs: endedAt - startedAt,
        longTaskMs: inWindow.map((t) => t.duration),
        longTasksBefore: longTasks.filter((t) => t.start < startedAt).length,
        frames,
        rowsTouched,
        rowsPriceChanged,
        rowsTouchedUnchanged,
        rowsRevertedInFrame,
        rowsTouchedWithoutMove: rowsTouchedUnchanged - rowsRevertedInFrame,
        withoutMoveCells,
      };
    },
  };
  (window as ProbeWindow).__renderProbe = probe;
}
