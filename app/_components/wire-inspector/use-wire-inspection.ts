'use client';

import { useEffect, useState } from 'react';
import { INSPECT_PATH, wireInspectionSchema, type WireInspection } from '@/lib/protocol/wire-inspection';
import { errorMessage } from '@/lib/format/error-message';

/** Between one answer and the next request: often enough to follow the wire, rare enough to read. */
const REFRESH_MS = 1000;

export interface WireInspectionState {
  /** The latest valid answer; kept while not live, so a paused inspector holds it. */
  readonly inspection: WireInspection | null;
  /** Why the latest read failed; null once one succeeds. */
  readonly error: string | null;
}

/**
 * Reads GET /api/inspect for `tab` about once a second while `live`; nothing otherwise. Requests follow
 * one another (the next is asked a second after the previous answer), and the one in flight is dropped
 * as soon as the inspector pauses, closes or unmounts, so a frozen exchange stays frozen.
 */
export function useWireInspection(tab: string, live: boolean): WireInspectionState {
  const [state, setState] = useState<WireInspectionState>({ inspection: null, error: null });

  useEffect(() => {
    if (!live) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const response = await fetch(`${INSPECT_PATH}?tab=${encodeURIComponent(tab)}`, {
          signal: abort.signal,
          cache: 'no-store',
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const parsed = wireInspectionSchema.safeParse(await response.json());
        if (!parsed.success) throw new Error(`an answer not in the expected shape: ${parsed.error.message}`);
        setState({ inspection: parsed.data, error: null });
      } catch (error) {
        if (abort.signal.aborted) return;
        setState((previous) => ({ ...previous, error: errorMessage(error) }));
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void read(), REFRESH_MS);
    };
    void read();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [tab, live]);

  return state;
}
