const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Decimal units (1 KB = 1000 B), as network rates are usually quoted; whole bytes below 1 KB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  // Units and digits follow the value as shown, so rounding never yields "1000 KB" or "10.00 KB".
  const shown = () => Number(value.toFixed(digitsFor(value, unit)));
  while (Math.abs(shown()) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(digitsFor(shown(), unit))} ${UNITS[unit]}`;
}

/** Three significant digits from a kilobyte up. */
function digitsFor(value: number, unit: number): number {
  const size = Math.abs(value);
  return unit === 0 ? 0 : size < 10 ? 2 : size < 100 ? 1 : 0;
}

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function formatRate(n: number): string {
  return rateFormat.format(n);
}

/** Every byte, for figures a reader checks against each other: "1,204 B", never rounded to "1.20 KB". */
export function formatExactBytes(bytes: number): string {
  return `${countFormat.format(bytes)} B`;
}
