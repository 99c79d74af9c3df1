/**
 * The packets an engine.io socket holds while its WebSocket has not taken the last ones. The field is
 * private in engine.io's types, but it is where they wait (engine.io's docs point at it on 'close'), and
 * nothing public says what is waiting.
 */
export function waitingPackets(connection: object): readonly unknown[] {
  const queue: unknown = Reflect.get(connection, 'writeBuffer');
  return Array.isArray(queue) ? queue : [];
}
