import type { ConnectionStatus, StreamPosition, TransportSink } from '../../../app/_transports/transport';
import type { FeedMessage } from '../../../lib/protocol/feed-message';

/** A view as a transport sees one: it keeps the position of what it applied and every status it was told. */
export class RecordingSink implements TransportSink {
  readonly statuses: ConnectionStatus[] = [];
  /** The sequence numbers of the ticks delivered, in order, whatever their epoch. */
  readonly seqs: number[] = [];
  /** The epochs of the snapshots delivered, in order. */
  readonly snapshots: number[] = [];
  #position: StreamPosition | null = null;

  position(): StreamPosition | null {
    return this.#position;
  }
  tickIntervalMs(): number {
    return 100;
  }
  deliver(message: FeedMessage): void {
    if (message.kind === 'snapshot') {
      this.snapshots.push(message.snapshot.epoch);
      this.#position = { epoch: message.snapshot.epoch, since: message.snapshot.seq };
      return;
    }
    for (const tick of message.ticks) this.seqs.push(tick.seq);
    const last = message.ticks.at(-1);
    if (last) this.#position = { epoch: message.epoch, since: last.seq };
  }
  status(status: ConnectionStatus): void {
    this.statuses.push(status);
  }
  connections(): number {
    return this.statuses.filter((status) => status.state === 'connected').length;
  }
  /** Whether it was told `state` at some point, with a detail matching `detail` if given. */
  told(state: ConnectionStatus['state'], detail?: RegExp): boolean {
    return this.statuses.some((status) => status.state === state && (detail === undefined || detail.test(status.detail ?? '')));
  }
}
