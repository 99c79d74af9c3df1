import type { z } from 'zod';

export type QueryResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Validates a query string against a schema. A repeated parameter is an error rather than
 * "first one wins", so a client never gets an answer to a question it did not mean to ask.
 */
export function parseQuery<T>(params: URLSearchParams, schema: z.ZodType<T>): QueryResult<T> {
  const entries = new Map<string, string>();
  for (const [key, value] of params) {
    if (entries.has(key)) return { ok: false, message: `parameter "${key}" is given more than once` };
    entries.set(key, value);
  }
  // Not built by assignment: `record.__proto__ = …` would set the prototype, and the parameter would
  // vanish instead of being refused as unknown.
  const record: Record<string, string> = Object.fromEntries(entries);
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      const [key] = issue.path;
      // zod words a missing key as a type error ("expected string, received undefined"); say what it means.
      if (issue.code === 'invalid_type' && issue.path.length === 1 && typeof key === 'string' && !Object.hasOwn(record, key)) {
        return `parameter "${key}" is required`;
      }
      const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
  return { ok: false, message };
}
