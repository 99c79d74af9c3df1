import { formatExactBytes } from '@/lib/format/format-bytes';

/** A size to the byte ("1,204 B") that a narrow line never splits between figure and unit. */
export function ByteSize({ bytes }: { bytes: number }) {
  return <span className="byte-size">{formatExactBytes(bytes)}</span>;
}
