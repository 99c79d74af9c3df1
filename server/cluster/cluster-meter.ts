import type { MeterReport } from '../../lib/protocol/meter-report';
import { sumMeterReports } from '../../lib/meter/sum-meter-reports';
import { tabIdSchema, type TabId } from '../../lib/protocol/tab-id';
import { meterShareSchema } from '../transports/socket-io/inter-server-events';
import type { TickerServer } from '../transports/socket-io/socket-server';
import type { WireLedger } from '../metering/wire-ledger';

/**
 * A tab's meter across every process of the market. Each process counts the bytes of the connections it
 * serves; behind one port a tab's polls, its WebSocket and its meter feed can each land on a different
 * process, so the feed also asks the others for their share of the tab and adds up the latest it has.
 * The answers arrive after the report has gone (the adapter has no shorter timeout than 5 s to wait on),
 * so other processes' shares are one report behind: about a second. The last share heard from each
 * process is kept, so a process that dies takes nothing it counted out of the totals.
 */
export class ClusterMeter {
  readonly #shares = new Map<TabId, Map<string, MeterReport>>();

  constructor(
    private readonly io: TickerServer,
    private readonly ledger: WireLedger,
    holder: string,
  ) {
    io.on('meterShare', (tab, ack) => {
      const parsed = tabIdSchema.safeParse(tab);
      ack({ holder, report: parsed.success && ledger.serves(parsed.data) ? ledger.report(parsed.data) : null });
    });
  }

  report(tab: TabId): MeterReport {
    this.io.serverSideEmit('meterShare', tab, (_error: Error | null, answers: readonly unknown[] | undefined) => {
      const shares = this.#shares.get(tab);
      if (!shares) return; // forgotten meanwhile
      for (const answer of answers ?? []) {
        const parsed = meterShareSchema.safeParse(answer);
        if (parsed.success && parsed.data.report) shares.set(parsed.data.holder, parsed.data.report);
      }
    });
    let shares = this.#shares.get(tab);
    if (!shares) this.#shares.set(tab, (shares = new Map<string, MeterReport>()));
    return sumMeterReports(this.ledger.report(tab), ...shares.values());
  }

  /** The tab's feed on this process has closed: its kept shares are of no further use here. */
  forget(tab: TabId): void {
    this.#shares.delete(tab);
  }
}
