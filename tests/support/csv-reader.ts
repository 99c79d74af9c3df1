// A CSV reader for the tests, written from RFC 4180 apart from the writer it checks, so a quoting
// mistake in one is not mirrored in the other.

/** Parses RFC 4180 text into rows of fields; throws on a quote where none may be. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last row does not end with CRLF');
  return rows;
}
