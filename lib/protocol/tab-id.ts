import { z } from 'zod';

/**
 * A browser tab's id. The server attributes the bytes of each connection to the tab that named itself,
 * so the meter can show one tab's own traffic.
 */
export const tabIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');
export type TabId = z.infer<typeof tabIdSchema>;
