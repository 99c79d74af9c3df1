import { z } from 'zod';

/**
 * A browser tab's id. The server attributes the bytes of each connection to the tab that named itself,
 * so the meter can show one tab's own traffic.
 */
export const TAB_ID_PATTERN = '[A-Za-z0-9_-]{8,64}';
export const tabIdSchema = z.string().regex(new RegExp(`^${TAB_ID_PATTERN}$`), 'must be 8–64 letters, digits, _ or -');
export type TabId = z.infer<typeof tabIdSchema>;

/**
 * A fresh random tab id. getRandomValues, not randomUUID: the latter exists only in secure contexts,
 * and a phone opening the dashboard by the laptop's LAN address over plain http is not one.
 */
export function newTabId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
