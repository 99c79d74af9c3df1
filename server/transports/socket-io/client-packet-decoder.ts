import { Decoder } from 'socket.io-parser';
import { MAX_CLIENT_PACKET_BYTES } from '../../guard/input-limits';

/**
 * Socket.IO's decoder for what clients send, with two limits of its own: a packet's text is at most
 * MAX_CLIENT_PACKET_BYTES, checked before it is parsed, and it carries no binary attachments (no client
 * event here has binary arguments; an attachment is a frame of its own, which could otherwise bring a
 * packet up to 10 frames of maxHttpBufferSize). Socket.IO closes the connection on whatever a decoder
 * throws, so either is a protocol error that ends that client's connection and no one else's.
 */
export class ClientPacketDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 0 });
  }

  override add(data: unknown): void {
    if (typeof data === 'string' && Buffer.byteLength(data) > MAX_CLIENT_PACKET_BYTES) {
      throw new Error(`a packet over ${MAX_CLIENT_PACKET_BYTES} bytes`);
    }
    super.add(data);
  }
}
