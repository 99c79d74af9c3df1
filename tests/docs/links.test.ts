import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The README and the pages under docs/ link to each other, to their headings and to files in the tree.
// A moved file or a renamed heading breaks such a link silently; this reads every page and follows them.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The README and every page under docs/, as paths relative to the repository's root. */
function pages(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

/** The lines outside fenced code blocks: where Markdown headings and links are. */
function outsideFences(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) lines.push(line);
  }
  return lines;
}

/** The anchor GitHub gives a heading: its text, lower case, without punctuation, spaces as hyphens. */
function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '').replace(/ /g, '-');
}

/** Every heading's anchor in a page, with GitHub's -1, -2 … on repeats. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of outsideFences(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const slug = headingSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The targets of the relative links `[text](target)` and images `![alt](target)` in a page. */
function relativeLinks(markdown: string): string[] {
  const targets: string[] = [];
  // Inline code is left out: `[x](y)` in backticks is text, not a link.
  for (const line of outsideFences(markdown).map((text) => text.replace(/`[^`]*`/g, ''))) {
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1];
      if (target && !/^(https?:|mailto:)/i.test(target)) targets.push(target);
    }
  }
  return targets;
}

/**
 * What is wrong with each relative link of the page at `page` (relative to the root): a file that does
 * not exist, or an anchor no heading of the linked page has. Empty when every link holds.
 */
function brokenLinks(page: string, markdown: string, read: (file: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const target of relativeLinks(markdown)) {
    const hashAt = target.indexOf('#');
    const file = decodeURIComponent(hashAt === -1 ? target : target.slice(0, hashAt));
    const anchor = hashAt === -1 ? undefined : decodeURIComponent(target.slice(hashAt + 1));
    const linked = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
    if (linked !== page && (linked.startsWith('..') || !existsSync(path.join(ROOT, linked)))) {
      problems.push(`${target}: ${linked} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    const text = linked === page ? markdown : read(linked);
    if (text === undefined) {
      problems.push(`${target}: ${linked} has no headings to point at`);
    } else if (!anchorsOf(text).has(anchor)) {
      problems.push(`${target}: no heading in ${linked} has the anchor #${anchor}`);
    }
  }
  return problems;
}

function readPage(file: string): string | undefined {
  return file.endsWith('.md') ? readFileSync(path.join(ROOT, file), 'utf8') : undefined;
}

describe('documentation links', () => {
  describe('headingSlug', () => {
    it("should make the anchors GitHub makes of this project's headings", () => {
      expect(headingSlug('Tick age, and why polling adds P/2')).toBe('tick-age-and-why-polling-adds-p2');
      expect(headingSlug('Several processes, one market (Redis)')).toBe('several-processes-one-market-redis');
      expect(headingSlug('Any input, no crash')).toBe('any-input-no-crash');
      expect(headingSlug('Socket.IO')).toBe('socketio');
      expect(headingSlug('The `kaazing` table, *measured*')).toBe('the-kaazing-table-measured');
    });

    it('should number repeated headings as GitHub does', () => {
      expect([...anchorsOf('# Limits\n## Limits\n### Limits\n')]).toEqual(['limits', 'limits-1', 'limits-2']);
    });

    it('should not take a line in a code block for a heading', () => {
      expect([...anchorsOf('# Shown\n```sh\n# a shell comment\n```\n')]).toEqual(['shown']);
    });
  });

  describe('brokenLinks', () => {
    const page = 'docs/example.md';
    const read = (file: string) => (file === 'README.md' ? '# Live Ticker\n## Run it\n' : undefined);

    it('should pass links to files and headings that exist, and skip web and mail addresses', () => {
      const markdown = [
        '# Example',
        '[up](../README.md#run-it), [here](#example), [code](../server/config.ts), [folder](../lib/)',
        '[web](https://example.com/missing.md), [mail](mailto:someone@example.com)',
        '`[not a link](nowhere.md)`',
      ].join('\n');
      expect(brokenLinks(page, markdown, read)).toEqual([]);
    });

    it('should report a link to a file that does not exist', () => {
      expect(brokenLinks(page, '[gone](missing.md)', read)).toEqual(['missing.md: docs/missing.md does not exist']);
    });

    it('should report an anchor that no heading has, on the same page or another', () => {
      expect(brokenLinks(page, '# Example\n[a](#nowhere) [b](../README.md#test-it)', read)).toEqual([
        '#nowhere: no heading in docs/example.md has the anchor #nowhere',
        '../README.md#test-it: no heading in README.md has the anchor #test-it',
      ]);
    });
  });

  for (const page of pages()) {
    it(`should find every relative link in ${page} leading to a file and heading that exist`, () => {
      const markdown = readFileSync(path.join(ROOT, page), 'utf8');
      expect(brokenLinks(page, markdown, readPage)).toEqual([]);
    });
  }
});
