import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Namespace } from 'socket.io';
import { PacketType } from 'socket.io-parser';
import createDebug from 'debug';
import { z } from 'zod';
import { TICK_EVENT, TICKS_ROOM } from '../../lib/protocol/socket-events';
import type { Tick } from '../../lib/protocol/tick';
import { decodeTick } from '../../lib/protocol/tick-codec';
import type { RedisConnection } from './redis-connection';
import { REDIS_KEYS } from './redis-keys';

const debug = createDebug('ticker:relay');

type RedisStreamsAdapter = ReturnType<ReturnType<typeof createAdapter>>;
type RawMessage = Parameters<RedisStreamsAdapter['onRawMessage']>[0];

/** socket.io-adapter's number for a broadcast, as the streams adapter writes it into the stream. */
const BROADCAST = '3';
/**
 * What a process broadcasts to a room of its own, to see it come back through the stream. A broadcast,
 * because the adapter sends inter-server events over pub/sub instead of the stream.
 */
const HELLO_EVENT = 'ticker:hello';
const HELLO_EVERY_MS = 100;

/** A tick broadcast from another process, as the streams adapter relays it: `["t", wireTick]` to the ticks room. */
const relayedTickSchema = z.object({
  packet: z.object({ data: z.tuple([z.literal(TICK_EVENT), z.unknown()]) }),
  opts: z.object({ rooms: z.array(z.string()).refine((rooms) => rooms.includes(TICKS_ROOM)) }),
});

/**
 * Socket.IO's Redis Streams adapter, which also hands every tick broadcast on the stream to `onTick`
 * just before delivering it to this process's subscribers. Both happen in one turn, in stream order, so
 * this process's history never lags what its subscribers have been sent: a catch-up answered from it
 * meets the next live tick without a hole.
 *
 * `onReading` is called once the adapter is seen to read the stream. It starts reading at the stream's
 * end ("$") once a connection of its own is up, some time after it is made, so a tick added before then
 * never reaches this process's subscribers; until it hears a hello it sent itself, it may still miss one.
 */
export function tickRelayAdapter(redis: RedisConnection, onTick: (tick: Tick) => void, onReading: () => void) {
  const streamsAdapter = createAdapter(redis, { streamName: REDIS_KEYS.adapterStream });
  const hello = randomUUID();
  // Socket.IO calls this with `new`, so it must be a function, not an arrow.
  return function relayingAdapter(nsp: Namespace): RedisStreamsAdapter {
    const adapter = streamsAdapter(nsp);
    const deliver = adapter.onRawMessage.bind(adapter);
    let greeting: NodeJS.Timeout | undefined;
    if (nsp.name === '/') {
      // To a room nobody is in: the other processes deliver it to no one.
      const rooms = new Set([`${HELLO_EVENT}@${hello}`]);
      const greet = () => {
        // Not awaited: the hello repeats until heard, and a broadcast catches and logs its own publish errors
        // (socket.io-adapter's ClusterAdapter), so its promise does not reject.
        void adapter.broadcast({ type: PacketType.EVENT, nsp: '/', data: [HELLO_EVENT, hello] }, { rooms, except: new Set() });
      };
      greeting = setInterval(greet, HELLO_EVERY_MS);
      greet();
      const close = adapter.close.bind(adapter);
      adapter.close = () => {
        clearInterval(greeting);
        return close();
      };
    }
    adapter.onRawMessage = (raw: RawMessage, offset: string): void => {
      if (greeting !== undefined && raw.data?.includes(hello)) {
        clearInterval(greeting);
        greeting = undefined;
        onReading();
      }
      // This process's own broadcasts come back too; the market ignores ticks it already has.
      const tick = relayedTick(raw);
      if (tick) onTick(tick);
      deliver(raw, offset);
    };
    return adapter;
  };
}

/** The tick a stream entry of the adapter carries, if it is a tick broadcast. */
export function relayedTick(raw: Partial<RawMessage>): Tick | undefined {
  // Ticks are plain JSON; the adapter only falls back to base64 msgpack for binary payloads.
  if (raw.nsp !== '/' || raw.type !== BROADCAST || !raw.data?.startsWith('{')) return undefined;
  try {
    const parsed = relayedTickSchema.safeParse(JSON.parse(raw.data));
    return parsed.success ? decodeTick(parsed.data.packet.data[1]) : undefined;
  } catch (error) {
    debug('a relayed tick did not decode: %s', (error as Error).message);
    return undefined;
  }
}
