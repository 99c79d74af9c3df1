import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/lib/**/*.test.ts', 'tests/docs/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The app's modules import lib/ as `@/lib/…` (tsconfig's paths); tests that load them resolve it the same way.
        resolve: { tsconfigPaths: true },
        test: {
          name: 'integration',
          include: ['tests/server/**/*.test.ts', 'tests/app/**/*.test.ts', 'tests/load/**/*.test.ts', 'tests/bench/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          // The tests that run the built app: in Chromium, and as several processes sharing one market on Redis.
          name: 'browser',
          include: ['tests/browser/**/*.test.ts', 'tests/cluster/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/build-pages.ts'],
          // One Chromium and one server at a time: the machine has two cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
