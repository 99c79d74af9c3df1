import type { Page } from 'playwright-core';
import { decodeFeedMessage } from '../../../lib/protocol/feed-message';
import { marketInfoSchema } from '../../../lib/protocol/market-info';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';

/** Where a page's stream of one epoch starts (a snapshot) and which ticks of it arrived after. */
export interface EpochRecord {
  readonly epoch: number;
  /** The seq of the first snapshot the page got in this epoch: it needs every tick after it. */
  readonly from: number;
  /** Snapshots after the first one, by seq: each skips whatever it jumped over, so each is checked. */
  readonly laterSnapshots: number[];
  readonly seqs: Set<number>;
  /** When (Date.now() here) the first tick or snapshot of this epoch arrived. */
  readonly firstAt: number;
}

/** Ticks, catch-ups and snapshots as they reached one page over the wire, from Chromium's own view of it. */
export interface TickTap {
  readonly epochs: readonly EpochRecord[];
  /** Seqs a page of this epoch needed and never received: after its first snapshot, up to the last it got. */
  missing(epoch: number): number[];
  /** The highest seq received in the epoch, or undefined. */
  latest(epoch: number): number | undefined;
}

const ACK = /^43\d*\[([\s\S]*)\]$/;

/** Starts recording what `page` receives, from its WebSocket frames and its market and poll responses. */
export function tapTicks(page: Page): TickTap {
  const epochs: EpochRecord[] = [];
  const recordOf = (epoch: number, from: number): EpochRecord => {
    let record = epochs.find((r) => r.epoch === epoch);
    if (!record) {
      record = { epoch, from, laterSnapshots: [], seqs: new Set(), firstAt: Date.now() };
      epochs.push(record);
    }
    return record;
  };
  const snapshot = (epoch: number, seq: number) => {
    const known = epochs.some((r) => r.epoch === epoch);
    const record = recordOf(epoch, seq);
    if (known) record.laterSnapshots.push(seq);
  };
  const feed = (value: unknown) => {
    const message = decodeFeedMessage(value);
    if (message.kind === 'snapshot') snapshot(message.snapshot.epoch, message.snapshot.seq);
    else for (const tick of message.ticks) tick_(tick.epoch, tick.seq);
  };
  const tick_ = (epoch: number, seq: number) => recordOf(epoch, seq - 1).seqs.add(seq);

  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString();
      if (text.startsWith('42')) {
        const [event, wire] = JSON.parse(text.slice(2)) as [string, unknown];
        if (event === TICK_EVENT) {
          const tick = decodeTick(wire);
          tick_(tick.epoch, tick.seq);
        }
        return;
      }
      const ack = ACK.exec(text);
      if (ack?.[1]) feed(JSON.parse(ack[1]));
    });
  });
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname !== POLL_PATH && pathname !== '/api/market') return;
    response
      .json()
      .then((body: unknown) => {
        if (pathname === POLL_PATH) feed(body);
        else {
          const info = marketInfoSchema.parse(body);
          snapshot(info.snapshot.epoch, info.snapshot.seq);
        }
      })
      // A response whose body never arrived (the link was cut) delivered nothing to the page either.
      .catch(() => undefined);
  });

  return {
    epochs,
    missing(epoch) {
      const record = epochs.find((r) => r.epoch === epoch);
      if (!record) return [];
      const last = Math.max(record.from, ...record.seqs, ...record.laterSnapshots);
      const missing: number[] = [];
      for (let seq = record.from + 1; seq <= last; seq++) if (!record.seqs.has(seq)) missing.push(seq);
      return missing;
    },
    latest(epoch) {
      const record = epochs.find((r) => r.epoch === epoch);
      return record && record.seqs.size > 0 ? Math.max(...record.seqs) : undefined;
    },
  };
}
