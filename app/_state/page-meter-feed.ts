import { MAX_FEED_OTHERS, METER_PATH, meterFeedEventSchema, type MeterReport } from '@/lib/protocol/meter-report';

type ReportListener = (report: MeterReport) => void;

/**
 * The meter feed of a page: one event stream for every view on it that is running, however many. A
 * browser opens at most six HTTP/1.1 connections to a server; five lanes of /compare with a feed each,
 * beside their event stream, long poll and polls, would leave the polls waiting for a free connection,
 * and the meter would be measuring the browser's queue. The stream is booked to the first view's tab and
 * carries the others' reports (see GET /api/meter). It is opened again whenever the set of views changes,
 * once for all the changes made together.
 */
export class PageMeterFeed {
  readonly #listeners = new Map<string, ReportListener>();
  #source: EventSource | null = null;
  #reopen: ReturnType<typeof setTimeout> | undefined;

  /** Delivers the tab's reports to `listener` until the returned function is called. */
  subscribe(tab: string, listener: ReportListener): () => void {
    this.#listeners.set(tab, listener);
    this.#schedule();
    return () => {
      if (this.#listeners.get(tab) !== listener) return;
      this.#listeners.delete(tab);
      this.#schedule();
    };
  }

  #schedule(): void {
    clearTimeout(this.#reopen);
    this.#reopen = setTimeout(() => this.#open(), 0);
  }

  #open(): void {
    this.#source?.close();
    this.#source = null;
    const [tab, ...others] = this.#listeners.keys();
    if (tab === undefined) return;
    if (others.length > MAX_FEED_OTHERS) throw new Error(`a page meter feed carries at most ${MAX_FEED_OTHERS + 1} views`);
    const query = new URLSearchParams({ tab });
    if (others.length > 0) query.set('others', others.join(','));
    const source = new EventSource(`${METER_PATH}?${query.toString()}`);
    source.onmessage = (event: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return; // a malformed report is skipped; the next one comes within a second
      }
      const parsed = meterFeedEventSchema.safeParse(data);
      if (!parsed.success) return;
      const { others: reports = {}, ...own } = parsed.data;
      this.#listeners.get(tab)?.(own);
      for (const [other, report] of Object.entries(reports)) this.#listeners.get(other)?.(report);
    };
    this.#source = source;
  }
}
