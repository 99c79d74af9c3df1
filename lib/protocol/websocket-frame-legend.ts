import { formatCount } from '../format/format-bytes';
import { formatHex, parseHex } from '../format/format-hex';
import { decodeFrameHeader, maskKeyOf, OPCODES, type FrameHeader } from './websocket-frame';

/** The header's fields as the wire inspector groups them: byte 0, the length, and a client's masking key. */
export type FrameHeaderField = 'opcode' | 'length' | 'mask-key';

export interface FrameHeaderPart {
  readonly field: FrameHeaderField;
  /** The part's bytes, each as a dump shows it: `7e`. */
  readonly bytes: readonly string[];
  /** What they say, in words: "FIN + text frame". */
  readonly meaning: string;
}

export interface FrameHeaderLegend {
  readonly header: FrameHeader;
  readonly parts: readonly FrameHeaderPart[];
}

const OPCODE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(OPCODES).map(([name, opcode]) => [opcode, `${name} frame`]));
const RSV_BITS = [
  [0x40, 'RSV1'],
  [0x20, 'RSV2'],
  [0x10, 'RSV3'],
] as const;

/**
 * A frame header, given as the wire inspector's dump (`81 7e 00 9c`), explained byte by byte for a
 * reader: `81` = "FIN + text frame", `7e 00 9c` = "length 156 in the next 2 bytes". Undefined unless
 * the dump is exactly one whole header.
 */
export function explainFrameHeader(dump: string): FrameHeaderLegend | undefined {
  const bytes = parseHex(dump);
  const header = bytes && decodeFrameHeader(bytes);
  if (!bytes || !header || header.length !== bytes.length) return undefined;
  const first = bytes[0] ?? 0;
  const maskKey = maskKeyOf(bytes, header);
  const lengthEnd = header.length - (maskKey?.length ?? 0);
  const extended = lengthEnd - 2;
  const dumpOf = (part: Uint8Array) => formatHex(part).split(' ');

  const opcode = OPCODE_NAMES.get(header.opcode) ?? `reserved opcode ${header.opcode}`;
  const flags = [header.fin ? 'FIN' : 'no FIN (more frames follow)', ...RSV_BITS.filter(([bit]) => first & bit).map(([, name]) => name)];
  const follows = extended > 0 ? ` in the next ${extended} bytes` : '';
  const parts: FrameHeaderPart[] = [
    { field: 'opcode', bytes: dumpOf(bytes.subarray(0, 1)), meaning: `${flags.join(' + ')} + ${opcode}` },
    {
      field: 'length',
      bytes: dumpOf(bytes.subarray(1, lengthEnd)),
      meaning: `${header.masked ? 'MASK + ' : ''}length ${formatCount(header.payloadLength)}${follows}`,
    },
  ];
  if (maskKey) parts.push({ field: 'mask-key', bytes: dumpOf(maskKey), meaning: 'mask key: the payload is XORed with it' });
  return { header, parts };
}
