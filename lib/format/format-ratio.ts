const wholeTimes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** How many times one figure is another, as read from across a room: "3.4×" below ten, then "12×", "1,450×". */
export function formatRatio(ratio: number): string {
  // Rounded first, so 9.97 reads "10×", not "10.0×".
  const tenths = Math.round(ratio * 10) / 10;
  return tenths < 10 ? `${tenths.toFixed(1)}×` : `${wholeTimes.format(ratio)}×`;
}
