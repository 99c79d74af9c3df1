'use client';

import { memo, useLayoutEffect, useRef } from 'react';
import { formatChange, formatPercentChange, formatPrice } from '@/lib/format/format-price';
import { flashPrice } from './price-flash';
import { Sparkline } from './sparkline';
import { useTicker, useTickerController } from '../../_state/ticker-context';

export const TickerRow = memo(function TickerRow({ index }: { index: number }) {
  const row = useTicker((s) => s.rows[index]);
  const listing = useTicker((s) => s.symbols[index]);
  const selected = useTicker((s) => s.selected === index);
  const controller = useTickerController();
  const price = useRef<HTMLSpanElement>(null);
  const moves = row?.moves ?? 0;
  const direction = row?.direction ?? 0;

  useLayoutEffect(() => {
    if (moves > 0 && direction !== 0 && price.current) flashPrice(price.current, direction > 0 ? 'up' : 'down');
  }, [moves, direction]);

  if (!row || !listing) return null;

  const change = row.cents - listing.openCents;
  const trend = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';

  return (
    <tr className={selected ? 'selected' : undefined} aria-selected={selected} data-symbol={listing.symbol}>
      <th scope="row">
        <button type="button" className="symbol" onClick={() => controller.select(index)} title={listing.name}>
          <span className="ticker-code">{listing.symbol}</span>
          <span className="ticker-name">{listing.name}</span>
        </button>
      </th>
      <td className="num price">
        <div className="live">
          <span ref={price}>{formatPrice(row.cents)}</span>
        </div>
      </td>
      <td className={`num change ${trend}`}>
        <div className="live">{formatChange(change)}</div>
      </td>
      <td className={`num change ${trend}`}>
        <div className="live">{formatPercentChange(listing.openCents, row.cents)}</div>
      </td>
      <td className="spark-col">
        {/* Redrawn every fourth move of this symbol: a 60-move trend line looks the same, the work is a
            quarter, and rows fall due on different ticks, so no frame redraws them all at once. */}
        <div className="live">
          <Sparkline index={index} version={row.moves >> 2} trend={trend} />
        </div>
      </td>
    </tr>
  );
});
