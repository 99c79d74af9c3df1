/** The longest start of `text` whose UTF-8 takes at most `maxBytes`, cut between characters, and its size. */
export function utf8Prefix(text: string, maxBytes: number): { readonly text: string; readonly bytes: number } {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Size(char.codePointAt(0) ?? 0);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return { text: text.slice(0, end), bytes };
}

/** A lone surrogate counts 3, as the U+FFFD that TextEncoder writes for it. */
function utf8Size(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
