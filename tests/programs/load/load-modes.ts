import type { TransportMode } from '../../../lib/protocol/transport-mode';

/** The modes the load generator has viewers for, in the order its report lists them. */
export const LOAD_MODES = ['socketio', 'polling'] as const satisfies readonly TransportMode[];
export type LoadMode = (typeof LOAD_MODES)[number];
