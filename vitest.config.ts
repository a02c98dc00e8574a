import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    setupFiles: ['./test/helpers/quiet-logs.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    projects: [
      // Pure code: no PostgreSQL or Redis, so `vitest run test/unit` works with neither running.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      {
        extends: true,
        test: {
          name: 'services',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/unit/**'],
          // Each file gets its own database (cloned from a migrated template), so files run in
          // parallel. A project's global setup runs only when one of its files is selected.
          globalSetup: ['./test/helpers/global-setup.ts'],
          // Added to the root's setup files: deletes the Redis keys a file made, when it ends.
          setupFiles: ['./test/helpers/clean-redis.ts'],
        },
      },
    ],
  },
});
