import { expect } from 'vitest';
import { BREAKDOWN_PARTS } from '../../../lib/meter/byte-breakdown';
import type { TransportMode } from '../../../lib/protocol/transport-mode';
import type { MeterSnapshot } from './meter-snapshot';

/** The large percentage as shown, e.g. "17 %" → 17. */
const shownPercent = (text: string) => Number(/^(\d+(?:\.\d)?) %$/.exec(text)?.[1] ?? Number.NaN);

/**
 * The check at the heart of the breakdown: in one report, a mode's parts add up to exactly the bytes up
 * and down the table shows for it, and the big figure is its tick data over that total.
 */
export function expectPartsToAddUp(snapshot: MeterSnapshot, mode: TransportMode): void {
  const { parts, total, ticks, usefulShare, usefulText } = snapshot.breakdown[mode];
  const wire = snapshot.modes[mode];
  expect(Object.keys(parts), mode).toEqual([...BREAKDOWN_PARTS[mode]]);
  expect(
    Object.values(parts).reduce((sum, bytes) => sum + bytes, 0),
    mode,
  ).toBe(total);
  expect(total, mode).toBe(wire.bytesUp + wire.bytesDown);
  expect(total, mode).toBeGreaterThan(0);
  expect(ticks, mode).toBeGreaterThan(0);
  expect(usefulShare, mode).toBeCloseTo(ticks / total, 9);
  expect(usefulShare, mode).toBeGreaterThan(0);
  expect(usefulShare, mode).toBeLessThan(1);
  expect(Math.abs(shownPercent(usefulText) - (usefulShare ?? Number.NaN) * 100), mode).toBeLessThanOrEqual(0.5);
}
