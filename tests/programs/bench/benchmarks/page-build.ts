import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { runToEnd } from '../processes/child-process';

const BUILD_ID = '.next/BUILD_ID';
/** What a production build is made from; a change to any of these after the build makes it stale. */
const SOURCES = ['app', 'lib', 'public', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
const BUILD_TIMEOUT_MS = 10 * 60_000;

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  return newest;
}

export type BuildAction = 'reused' | 'built';

/**
 * Makes sure `.next` holds a production build of the current sources: it runs `npm run build` when
 * there is no build, when a source is newer than it, or when `force` is set; otherwise it reuses it.
 */
export async function ensurePageBuild(force: boolean): Promise<{ action: BuildAction; reason: string }> {
  const built = await stat(BUILD_ID).catch(() => undefined);
  let reason: string;
  if (force) reason = 'asked to rebuild';
  else if (!built) reason = `no ${BUILD_ID}`;
  else {
    const newest = Math.max(...(await Promise.all(SOURCES.map(newestMtime))));
    if (newest <= built.mtimeMs) return { action: 'reused', reason: 'the build is newer than every source' };
    reason = 'sources changed since the last build';
  }
  console.log(`building the pages (${reason}): npm run build …`);
  const result = await runToEnd('npm', ['run', 'build'], BUILD_TIMEOUT_MS);
  if (result.code !== 0) throw new Error(`npm run build failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return { action: 'built', reason };
}
