'use client';

import { memo } from 'react';
import { formatChange, formatPercentChange, formatPrice } from '@/lib/format/format-price';
import { useTickerStore } from '../_state/ticker-store';
import { tickerController } from '../_transports/ticker-controller';
import { Sparkline } from './sparkline';

const DIRECTION_CLASS = { [-1]: 'down', 0: 'flat', 1: 'up' } as const;

export const TickerRow = memo(function TickerRow({ index }: { index: number }) {
  const row = useTickerStore((s) => s.rows[index]);
  const listing = useTickerStore((s) => s.symbols[index]);
  const selected = useTickerStore((s) => s.selected === index);
  if (!row || !listing) return null;

  const change = row.cents - listing.openCents;
  const trend = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';

  return (
    <tr className={selected ? 'selected' : undefined} aria-selected={selected} data-symbol={listing.symbol}>
      <th scope="row">
        <button type="button" className="symbol" onClick={() => tickerController.select(index)} title={listing.name}>
          <span className="ticker-code">{listing.symbol}</span>
          <span className="ticker-name">{listing.name}</span>
        </button>
      </th>
      <td className="num price">
        {/* Two identical animations, alternated: a changed animation name restarts the flash on every move
            without creating a new element. */}
        <span className={row.moves > 0 ? `flash-${DIRECTION_CLASS[row.direction]}-${row.moves % 2}` : undefined}>
          {formatPrice(row.cents)}
        </span>
      </td>
      <td className={`num change ${trend}`}>{formatChange(change)}</td>
      <td className={`num change ${trend}`}>{formatPercentChange(listing.openCents, row.cents)}</td>
      <td className="spark-col">
        <Sparkline index={index} version={row.moves} trend={trend} />
      </td>
    </tr>
  );
});
