import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most of the suite waits on simulated latency and rate limits, not on a core: four forks overlap the waiting.
    maxWorkers: 4,
    reporters: ['default'],
  },
});
