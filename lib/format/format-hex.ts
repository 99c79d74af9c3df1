/** Bytes as a person reads them in a packet dump: two lower-case hex digits each, spaced, e.g. `81 7e 00 9c`. */
export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** The bytes of a dump formatHex wrote, e.g. `81 7e 00 9c`; undefined for anything else. */
export function parseHex(dump: string): Uint8Array | undefined {
  if (dump === '') return new Uint8Array(0);
  if (!/^[0-9a-f]{2}( [0-9a-f]{2})*$/i.test(dump)) return undefined;
  return Uint8Array.from(dump.split(' '), (pair) => Number.parseInt(pair, 16));
}
