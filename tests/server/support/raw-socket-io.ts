import { RawWebSocket, type RawWebSocketOptions } from './raw-websocket';

/** Socket.IO spoken by hand for `tab`: engine.io's open packet read and Socket.IO's namespace connected. */
export async function openRawSocketIo(port: number, tab: string, options: RawWebSocketOptions = {}): Promise<RawWebSocket> {
  const client = await RawWebSocket.open(port, RawWebSocket.upgradeRequest(`tab=${tab}`), options);
  await client.next((text) => text.startsWith('0{'));
  client.send('40');
  await client.next((text) => text.startsWith('40{'));
  return client;
}

/** The same, subscribed to the ticks from now on (a snapshot, no catch-up): a client whose reading the test controls. */
export async function openRawSubscriber(port: number, tab: string): Promise<RawWebSocket> {
  const client = await openRawSocketIo(port, tab);
  client.send('420["subscribe",{}]');
  await client.next((text) => text.startsWith('430['));
  return client;
}
