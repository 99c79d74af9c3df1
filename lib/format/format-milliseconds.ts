import { formatCount } from './format-bytes';

/** A tick age or a wait as the meter shows it: whole milliseconds, grouped ("1,234 ms"). */
export function formatMilliseconds(ms: number): string {
  return `${formatCount(ms)} ms`;
}

/** A difference in milliseconds, always signed ("+487 ms", "−12 ms"), so it reads as extra or less. */
export function formatMillisecondsChange(ms: number): string {
  const rounded = Math.round(ms);
  return `${rounded < 0 ? '−' : '+'}${formatMilliseconds(Math.abs(rounded))}`;
}
