import { describe, expect, it } from 'vitest';
import { explainFrameHeader } from '../../../lib/protocol/websocket-frame-legend';

describe('explainFrameHeader', () => {
  it("should explain a server's 2-byte header of a short text frame", () => {
    expect(explainFrameHeader('81 05')?.parts).toEqual([
      { field: 'opcode', bytes: ['81'], meaning: 'FIN + text frame' },
      { field: 'length', bytes: ['05'], meaning: 'length 5' },
    ]);
  });

  it('should group a 16-bit length with the byte that announces it', () => {
    const legend = explainFrameHeader('81 7e 00 9c');
    expect(legend?.header.payloadLength).toBe(156);
    expect(legend?.parts[1]).toEqual({ field: 'length', bytes: ['7e', '00', '9c'], meaning: 'length 156 in the next 2 bytes' });
  });

  it('should show a 64-bit length with a thousands separator', () => {
    expect(explainFrameHeader('82 7f 00 00 00 00 00 01 00 00')?.parts).toEqual([
      { field: 'opcode', bytes: ['82'], meaning: 'FIN + binary frame' },
      {
        field: 'length',
        bytes: ['7f', '00', '00', '00', '00', '00', '01', '00', '00'],
        meaning: 'length 65,536 in the next 8 bytes',
      },
    ]);
  });

  it("should show a client's mask bit and its masking key", () => {
    // RFC 6455 §5.7: a masked "Hello".
    expect(explainFrameHeader('81 85 37 fa 21 3d')?.parts).toEqual([
      { field: 'opcode', bytes: ['81'], meaning: 'FIN + text frame' },
      { field: 'length', bytes: ['85'], meaning: 'MASK + length 5' },
      { field: 'mask-key', bytes: ['37', 'fa', '21', '3d'], meaning: 'mask key: the payload is XORed with it' },
    ]);
  });

  it('should name control frames, a missing FIN and extension bits', () => {
    expect(explainFrameHeader('89 00')?.parts[0]?.meaning).toBe('FIN + ping frame');
    expect(explainFrameHeader('88 02')?.parts[0]?.meaning).toBe('FIN + close frame');
    expect(explainFrameHeader('01 03')?.parts[0]?.meaning).toBe('no FIN (more frames follow) + text frame');
    expect(explainFrameHeader('c1 03')?.parts[0]?.meaning).toBe('FIN + RSV1 + text frame');
    expect(explainFrameHeader('83 00')?.parts[0]?.meaning).toBe('FIN + reserved opcode 3');
  });

  it.each(['', '81', '81 7e 00', '81 05 00', '81 85 37 fa', 'not hex'])('should not explain %j, which is not one whole header', (dump) => {
    expect(explainFrameHeader(dump)).toBeUndefined();
  });
});
