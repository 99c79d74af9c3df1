import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The browser tests run the production build, as `npm start` does; build it once per test run. */
export default function buildPages(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  }
}
