/** Bytes as a person reads them in a packet dump: two lower-case hex digits each, spaced, e.g. `81 7e 00 9c`. */
export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
