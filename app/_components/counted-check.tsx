import { formatExactBytes } from '@/lib/format/format-bytes';
import type { CountedBytes } from '@/lib/protocol/wire-inspection';

const DIRECTIONS = ['up', 'down'] as const;

/**
 * Whether the text shown is the bytes on the wire: it is exactly when its sizes equal what the server's
 * socket counted for the same exchange. Otherwise says by how much it differs, rather than claim more.
 */
export function CountedCheck({ shown, counted }: { shown: CountedBytes; counted: CountedBytes }) {
  const differences = DIRECTIONS.map((direction) => ({ direction, by: counted[direction] - shown[direction] })).filter(
    ({ by }) => by !== 0,
  );
  if (differences.length === 0) {
    return (
      <p className="counted-check matches" data-matches="true">
        ✓ matches the bytes counted on the socket
      </p>
    );
  }
  const how = differences.map(({ direction, by }) => `${formatExactBytes(Math.abs(by))} ${by > 0 ? 'more' : 'fewer'} ${direction}`);
  return (
    <p className="counted-check differs" data-matches="false">
      ✗ does not match the bytes counted on the socket ({formatExactBytes(counted.up)} up,{' '}
      {formatExactBytes(counted.down)} down): the socket counted {how.join(' and ')} than shown
    </p>
  );
}
