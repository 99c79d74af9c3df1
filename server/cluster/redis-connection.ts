import createDebug from 'debug';
import { createClient } from 'redis';

const debug = createDebug('ticker:redis');

export type RedisConnection = ReturnType<typeof createClient>;

/** Waits between attempts to reach Redis again: soon at first, then every two seconds at most. */
const reconnectDelay = (retries: number): number => Math.min(100 * 2 ** retries, 2000);

/**
 * A connection to Redis that keeps trying to come back when Redis goes away. `queueWhileDown` decides what
 * a command sent meanwhile does: wait for the connection (the adapter's broadcasts, which must not be lost)
 * or fail at once (the leader lease, which must know when it cannot reach Redis).
 */
export async function connectRedis(url: string, name: string, queueWhileDown: boolean): Promise<RedisConnection> {
  const client = createClient({
    url,
    name: `ticker-${name}`,
    disableOfflineQueue: !queueWhileDown,
    socket: { reconnectStrategy: reconnectDelay, connectTimeout: 2000 },
  });
  let down = false;
  let everReady = false;
  client.on('error', (error: Error) => {
    if (!down) {
      console.error(
        everReady
          ? `redis (${name}): ${error.message}; reconnecting`
          : `redis (${name}): waiting for Redis at ${new URL(url).host} (${error.message}); is it running, and is --redis-url right?`,
      );
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) console.log(`redis (${name}): connected${everReady ? ' again' : ''}`);
    down = false;
    everReady = true;
    debug('%s ready', name);
  });
  await client.connect();
  return client;
}
