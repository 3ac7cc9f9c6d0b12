import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault-injection suite. It restarts its own PostgreSQL, fills a tmpfs, holds SQLite
// locks and kills its own Redis, so its files run one at a time, apart from `npm test`.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
