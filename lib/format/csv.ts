/** Needs quoting in CSV: a separator, a quote, a line break, or spaces a reader might trim. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field as RFC 4180 writes it: in double quotes, with quotes doubled, when it needs them. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Rows of fields as CSV text (RFC 4180): comma-separated, CRLF after every row, the last included. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
