/**
 * The frames this server's Socket.IO WebSockets were given to send, metered or not: the server panel's
 * count. Over a WebSocket each engine.io packet goes out in a frame of its own. Added to as ws is handed a
 * socket's own frames, and once a broadcast for all its recipients (see RoomBroadcasts), never by a
 * listener of engine.io's 'flush': one of those would run for every subscriber on every tick.
 */
export class SentFrames {
  count = 0;
}
