import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { PreEncodedJson } from '../../../../lib/protocol/pre-encoded-json';
import { preEncodedParser } from '../../../../server/transports/socket-io/pre-encoded-parser';

/** The packet a client decodes: every pre-encoded argument replaced by the value it stands for. */
function decoded(packet: Packet): Packet {
  const data: unknown = packet.data;
  if (!Array.isArray(data)) return packet;
  return { ...packet, data: data.map((item: unknown) => (item instanceof PreEncodedJson ? (JSON.parse(item.json) as unknown) : item)) };
}

function decode(text: string): Packet {
  const decoder = new Decoder();
  let result: Packet | undefined;
  decoder.on('decoded', (packet: Packet) => (result = packet));
  decoder.add(text);
  if (!result) throw new Error(`nothing decoded from ${text}`);
  return result;
}

const packets: ReadonlyArray<[string, Packet]> = [
  ['a tick event', { type: PacketType.EVENT, nsp: '/', data: ['tick', new PreEncodedJson('[7,3,1700000000000,0,1234]')] }],
  ['an ack', { type: PacketType.ACK, nsp: '/', id: 12, data: [PreEncodedJson.of({ kind: 'snapshot', prices: [1, 2] })] }],
  [
    'an event in a namespace with an id and mixed arguments',
    { type: PacketType.EVENT, nsp: '/admin', id: 3, data: ['x', PreEncodedJson.of({ text: 'é"\u2028' }), { plain: [1] }] },
  ],
  ['an event without pre-encoded arguments', { type: PacketType.EVENT, nsp: '/', data: ['tick', [1, 2, 3]] }],
  ['a connect packet', { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } }],
];

describe('preEncodedParser', () => {
  it.each(packets)('should encode %s exactly as the default encoder encodes its decoded value', (_name, packet) => {
    const ours = new preEncodedParser.Encoder().encode(packet);
    const stock = new Encoder().encode(decoded(packet));
    expect(ours).toEqual(stock);
  });

  it.each(packets)('should encode %s so that the stock decoder reads it back', (_name, packet) => {
    const text: unknown = new preEncodedParser.Encoder().encode(packet)[0];
    expect(typeof text).toBe('string');
    expect(decode(String(text))).toEqual(decoded(packet));
  });
});
