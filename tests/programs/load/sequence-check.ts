/**
 * One viewer's view of the tick sequence: every tick of an epoch should arrive exactly once, in order.
 * A tick past the next expected one leaves a gap (counted as the ticks missing); a tick at or before the
 * last one seen is a duplicate. A new epoch means the market restarted, so counting starts over there
 * instead of calling the jump a gap.
 */
export class SequenceCheck {
  /** New ticks seen. */
  ticks = 0;
  gaps = 0;
  duplicates = 0;
  #epoch: number | undefined;
  #last = 0;

  /** The epoch the viewer is in; undefined before its first snapshot or tick. */
  get epoch(): number | undefined {
    return this.#epoch;
  }

  /** The last sequence number the viewer holds: where it resumes from. */
  get last(): number {
    return this.#last;
  }

  /** A snapshot or catch-up said the viewer is now at `seq` of `epoch`, without ticks to check. */
  resumeAt(epoch: number, seq: number): void {
    this.#epoch = epoch;
    this.#last = seq;
  }

  /** A tick arrived; returns whether it was new (neither a duplicate nor from before the snapshot). */
  observe(epoch: number, seq: number): boolean {
    if (epoch !== this.#epoch) {
      // The first tick of a viewer with no snapshot, or of a restarted market: nothing to compare with.
      this.resumeAt(epoch, seq);
      this.ticks += 1;
      return true;
    }
    if (seq <= this.#last) {
      this.duplicates += 1;
      return false;
    }
    this.gaps += seq - this.#last - 1;
    this.#last = seq;
    this.ticks += 1;
    return true;
  }
}
