const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedDollars = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const signedPercent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

export function formatPrice(cents: number): string {
  return dollars.format(cents / 100);
}

export function formatChange(cents: number): string {
  return signedDollars.format(cents / 100);
}

export function formatPercentChange(fromCents: number, toCents: number): string {
  return signedPercent.format(fromCents > 0 ? (toCents - fromCents) / fromCents : 0);
}
