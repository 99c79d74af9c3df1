import { FreshnessHistogram } from '../../../lib/meter/freshness-histogram';
import type { TransportMode } from '../../../lib/protocol/transport-mode';
import type { SequenceCheck } from './sequence-check';

/**
 * What every viewer of one mode adds up to. Viewers write into it as things happen; the progress line and
 * the summary read it. Latency goes into two histograms: one for the whole run, one for the last second.
 */
export class ModeTally {
  /** Viewers that got their first answer (the subscribe ack, or the first poll). */
  connected = 0;
  /** Viewers that never got that far. */
  failed = 0;
  /** Viewers that lost their connection, or a poll, after connecting and before the end. */
  dropped = 0;
  ticks = 0;
  requests = 0;
  /** TCP payload received, counted from the viewers' sockets once they close. */
  bytesReceived = 0;
  readonly latency = new FreshnessHistogram();
  readonly latencyThisSecond = new FreshnessHistogram();
  readonly #checks: SequenceCheck[] = [];

  constructor(
    readonly mode: TransportMode,
    /** Viewers asked for. */
    readonly viewers: number,
  ) {}

  /** A connected viewer's sequence check, kept so that gaps and duplicates can be summed at any moment. */
  track(check: SequenceCheck): void {
    this.#checks.push(check);
  }

  /** A tick's age on arrival, from its server timestamp: the load generator and the server share a clock. */
  recordTick(serverTs: number, now: number): void {
    this.ticks += 1;
    this.latency.record(now - serverTs);
    this.latencyThisSecond.record(now - serverTs);
  }

  get gaps(): number {
    return this.#checks.reduce((sum, check) => sum + check.gaps, 0);
  }

  get duplicates(): number {
    return this.#checks.reduce((sum, check) => sum + check.duplicates, 0);
  }

  /** Viewers that received no tick at all after connecting: with a live market, a failure too. */
  get starved(): number {
    return this.#checks.filter((check) => check.ticks === 0).length;
  }
}
