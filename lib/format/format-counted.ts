import { formatCount } from './format-bytes';

/** A count with its noun, singular for one: "1 poll", "1,200 polls"; `many` when the plural is not just an s. */
export function formatCounted(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
