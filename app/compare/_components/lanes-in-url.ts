import { useSyncExternalStore } from 'react';
import { parseModeList, type TransportMode } from '@/lib/protocol/transport-mode';

export const LANES_PARAM = 'lanes';
/** The classic pair, when the address names no lanes (or fewer than two it knows). */
export const DEFAULT_LANES: readonly TransportMode[] = ['socketio', 'polling'];
export const MIN_LANES = 2;

/** The lanes a page address names (its `search`), or the default pair. */
export function readLanes(search: string): readonly TransportMode[] {
  const named = parseModeList(new URLSearchParams(search).get(LANES_PARAM) ?? '');
  return named.length >= MIN_LANES ? named : DEFAULT_LANES;
}

const listeners = new Set<() => void>();
/** The last address read and its lanes, so the same address gives the same array. */
let latest: { readonly search: string; readonly lanes: readonly TransportMode[] } | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function lanesNow(): readonly TransportMode[] {
  const { search } = window.location;
  if (latest?.search !== search) latest = { search, lanes: readLanes(search) };
  return latest.lanes;
}

/**
 * The lanes in the page's address; null while rendering on the server, which cannot see the address, so
 * no lane connects only to be replaced by the ones the address names.
 */
export function useLanes(): readonly TransportMode[] | null {
  return useSyncExternalStore(subscribe, lanesNow, () => null);
}

/** Puts the lanes in the address without a reload or a history entry, so a reload or a shared link keeps them. */
export function chooseLanes(modes: readonly TransportMode[]): void {
  const url = new URL(window.location.href);
  url.searchParams.set(LANES_PARAM, modes.join(','));
  window.history.replaceState(window.history.state, '', url);
  for (const listener of listeners) listener();
}
