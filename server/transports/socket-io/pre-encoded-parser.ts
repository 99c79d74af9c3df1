import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { PreEncodedJson } from '../../../lib/protocol/pre-encoded-json';

/** The packet's arguments when at least one of them is pre-encoded, else undefined. */
function preEncodedArguments(packet: Packet): unknown[] | undefined {
  if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) return undefined;
  const data: unknown = packet.data;
  if (!Array.isArray(data) || !data.some((item) => item instanceof PreEncodedJson)) return undefined;
  return data as unknown[];
}

/**
 * Socket.IO's default encoder, except that PreEncodedJson arguments are spliced in as they are instead of
 * being stringified again. It writes exactly what the default encoder would write for the decoded value,
 * so clients keep the stock decoder. With one encode per broadcast, Socket.IO then also frames the
 * WebSocket message once for every subscriber (socket.io-adapter's pre-computed frame).
 */
class PreEncodedAwareEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const args = preEncodedArguments(packet);
    if (!args) return super.encode(packet);
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += String(packet.id);
    text += `[${args.map((item) => (item instanceof PreEncodedJson ? item.json : JSON.stringify(item))).join(',')}]`;
    return [text];
  }
}

export const preEncodedParser = { Encoder: PreEncodedAwareEncoder, Decoder };

/**
 * The text the encoder starts an event of the main namespace with, up to its argument: `2["tick",`. A
 * pre-encoded argument follows as it is, then one closing bracket.
 */
export function eventPacketPrefix(event: string): string {
  const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: [event, new PreEncodedJson('')] };
  const text: unknown = new PreEncodedAwareEncoder().encode(packet)[0];
  return String(text).slice(0, -']'.length);
}
