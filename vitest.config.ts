import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker per core but one (2 cores → 1 worker), and most of a test's time here is
    // spent waiting on Postgres, Chromium or workerd in other processes: two files at a time keep both cores busy.
    maxWorkers: 2,
    // Test files share a worker process one after another instead of each starting a fresh one: importing the
    // server, drizzle and PGlite once per worker instead of once per file saves about a minute of the suite. Each
    // file still makes its own database and app; nothing a file leaves in a module reaches another's results.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
