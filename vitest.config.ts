import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Each file gets its own database (cloned from a migrated template), so files run in parallel.
    globalSetup: ['./test/helpers/global-setup.ts'],
    setupFiles: ['./test/helpers/quiet-logs.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
