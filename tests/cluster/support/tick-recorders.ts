import { io } from 'socket.io-client';
import { pollResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { TICK_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '../../../lib/protocol/socket-events';
import type { Tick } from '../../../lib/protocol/tick';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { Socket } from 'socket.io-client';

/** The ticks one viewer saw, each sequence number once, as the dashboard keeps them (later copies ignored). */
export interface TickRecord {
  readonly name: string;
  readonly ticks: Tick[];
  /** Copies of a sequence number it already had, and whether each was the same tick (bar its timestamp). */
  readonly repeats: { seq: number; same: boolean }[];
  close(): void;
}

function recorder(name: string, close: () => void): TickRecord & { add(tick: Tick): void } {
  const ticks: Tick[] = [];
  const repeats: { seq: number; same: boolean }[] = [];
  return {
    name,
    ticks,
    repeats,
    close,
    add(tick) {
      const last = ticks.at(-1);
      if (last && tick.epoch === last.epoch && tick.seq <= last.seq) {
        const earlier = ticks.find((seen) => seen.seq === tick.seq);
        repeats.push({ seq: tick.seq, same: JSON.stringify(earlier?.updates) === JSON.stringify(tick.updates) });
        return;
      }
      ticks.push(tick);
    },
  };
}

/** A real socket.io-client subscribed to the ticks, recording the live ones (not its catch-up). */
export async function recordSocketIo(baseUrl: string, name: string): Promise<TickRecord> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const record = recorder(name, () => socket.disconnect());
  socket.on(TICK_EVENT, (wire) => record.add(decodeTick(wire)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.emit('subscribe', {}, () => resolve());
  });
  return record;
}

/**
 * A socket.io-client as the dashboard runs one: it reconnects by itself and, on every connect, subscribes
 * from the last tick it has, so its record includes the catch-up. One whose process died comes back on
 * another and must find nothing missing there.
 */
export function recordResumingSocketIo(baseUrl: string, name: string): TickRecord & { readonly connects: () => number } {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  const record = recorder(name, () => socket.disconnect());
  let connects = 0;
  socket.on(TICK_EVENT, (wire) => record.add(decodeTick(wire)));
  socket.on('connect', () => {
    connects += 1;
    const last = record.ticks.at(-1);
    socket.emit('subscribe', last ? { since: last.seq, epoch: last.epoch } : {}, (reply) => {
      if (reply.kind === 'ticks') for (const wire of reply.ticks) record.add(decodeTick(wire));
    });
  });
  return { ...record, connects: () => connects };
}

/** A poller asking every `everyMs` for the ticks after the last it has, as the dashboard's polling does. */
export function recordPolling(baseUrl: string, name: string, everyMs = 50): TickRecord {
  let stopped = false;
  const record = recorder(name, () => (stopped = true));
  let since: number | undefined;
  let epoch: number | undefined;
  const loop = async () => {
    while (!stopped) {
      try {
        const query = since === undefined ? '' : `?since=${since}&epoch=${String(epoch)}`;
        const answer = pollResponseSchema.parse(await (await fetch(`${baseUrl}${POLL_PATH}${query}`)).json());
        if (answer.kind === 'snapshot') {
          ({ seq: since, epoch } = answer.snapshot);
        } else {
          for (const wire of answer.ticks) record.add(decodeTick(wire));
          ({ seq: since, epoch } = answer);
        }
      } catch {
        // The process may have been killed: a poller just tries again, as the dashboard does.
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  void loop();
  return record;
}

/** Waits until every record has a tick at or past `seq`, failing after `timeoutMs` with what each has. */
export async function untilSeq(records: readonly TickRecord[], seq: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (records.some((record) => (record.ticks.at(-1)?.seq ?? 0) < seq)) {
    if (Date.now() > deadline) {
      const where = records.map((record) => `${record.name}: ${record.ticks.at(-1)?.seq ?? 'none'}`).join(', ');
      throw new Error(`not every viewer reached seq ${seq} within ${timeoutMs} ms (${where})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sequence numbers missing between a record's first and last tick. */
export function holesIn(record: TickRecord): number[] {
  const holes: number[] = [];
  record.ticks.forEach((tick, i) => {
    const previous = record.ticks[i - 1];
    if (previous) for (let seq = previous.seq + 1; seq < tick.seq; seq++) holes.push(seq);
  });
  return holes;
}
