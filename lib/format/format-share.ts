/**
 * A share (0–1) as a percentage read from across a room: tenths below 10 % ("4.2 %"), whole percents
 * from there ("37 %"). A share short of all never reads "100 %": it would claim there is no overhead.
 */
export function formatShare(share: number): string {
  const percent = Math.max(0, share) * 100;
  const tenths = Math.round(percent * 10) / 10;
  if (tenths < 10) return `${tenths.toFixed(1)} %`;
  const whole = Math.round(percent);
  return `${share < 1 ? Math.min(whole, 99) : whole} %`;
}
