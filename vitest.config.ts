import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest's default is one worker per core but one (2 cores → 1 worker), and much of a test's time here is spent
// waiting on Chromium or Postgres in other processes: one file per core keeps the cores busy. One file more than
// cores was tried and was not faster in CI (Postgres run 406 s against 350 s the session before, with a few
// more test files).
const workers = Math.max(1, availableParallelism());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: workers,
    // Test files share a worker process one after another instead of each starting a fresh one: importing the
    // server, drizzle and PGlite once per worker instead of once per file saves about a minute of the suite. Each
    // file still makes its own database and app; nothing a file leaves in a module reaches another's results.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
