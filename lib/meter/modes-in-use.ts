import { TRANSPORT_MODES, type TransportMode } from '../protocol/transport-mode';
import type { MeterView } from './meter-tracker';

/**
 * The modes a meter shows: the active one, and every other this view has run or has bytes in since the
 * last reset, in the order the Transport control offers them. Five columns of dashes would bury the two a
 * class is comparing; a mode appears the moment it is used and stays until Reset.
 */
export function modesInUse(view: MeterView, active: TransportMode): TransportMode[] {
  return TRANSPORT_MODES.filter((mode) => {
    const { activeMs, wire, messages } = view.modes[mode];
    return mode === active || activeMs > 0 || messages > 0 || wire.requests > 0 || wire.bytesUp + wire.bytesDown > 0;
  });
}
