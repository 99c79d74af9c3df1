'use client';

import { formatCount } from '@/lib/format/format-bytes';

/** How many polls the server refused as too many (429); nothing while none were. */
export function RefusedPollsNote({ refused }: { refused: number }) {
  if (refused === 0) return null;
  return (
    <p className="refused-polls small" data-refused={refused}>
      <strong>
        {formatCount(refused)} {refused === 1 ? 'poll' : 'polls'} refused
      </strong>{' '}
      by the server as too many (429 Too Many Requests). They are in polling&apos;s requests and bytes: they crossed the wire too.
    </p>
  );
}
