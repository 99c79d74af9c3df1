import { z } from 'zod';
import { meterReportSchema } from '../../../lib/protocol/meter-report';

/** What one process answers another that asks for a tab's meter: its own share, or null if the tab never reached it. */
export const meterShareSchema = z.object({ holder: z.string(), report: meterReportSchema.nullable() });
export type MeterShare = z.infer<typeof meterShareSchema>;

/** Events between the processes that share a market (Socket.IO's serverSideEmit through the adapter). */
export interface InterServerEvents {
  meterShare: (tab: string, ack: (share: MeterShare) => void) => void;
}
