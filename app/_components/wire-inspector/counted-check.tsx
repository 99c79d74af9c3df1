import { Fragment } from 'react';
import type { CountedBytes } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';

const DIRECTIONS = ['up', 'down'] as const;

/**
 * Whether the text shown is the bytes on the wire: it is exactly when its sizes equal what the server's
 * socket counted for the same exchange. Otherwise says by how much it differs, rather than claim more.
 */
export function CountedCheck({ shown, counted }: { shown: CountedBytes; counted: CountedBytes }) {
  const differences = DIRECTIONS.map((direction) => ({ direction, by: counted[direction] - shown[direction] })).filter(({ by }) => by !== 0);
  if (differences.length === 0) {
    return (
      <p className="counted-check matches" data-matches="true">
        ✓ matches the bytes counted on the socket
      </p>
    );
  }
  return (
    <p className="counted-check differs" data-matches="false">
      ✗ does not match the bytes counted on the socket (<ByteSize bytes={counted.up} /> up, <ByteSize bytes={counted.down} /> down): the socket
      counted{' '}
      {differences.map(({ direction, by }, i) => (
        <Fragment key={direction}>
          {i > 0 && ' and '}
          <ByteSize bytes={Math.abs(by)} /> {by > 0 ? 'more' : 'fewer'} {direction}
        </Fragment>
      ))}{' '}
      than shown
    </p>
  );
}
