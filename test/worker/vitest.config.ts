// `npm run test:worker`: the API test files, run against the Worker in workerd (KIZUNA_TEST_TARGET=worker),
// plus the Worker's own tests. A new API test folder joins by being listed here; a test that needs the app
// in-process opts out with describeInProcess (test/support/target.ts).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'test/api/**/*.test.ts',
      'test/accounts/**/*.test.ts',
      'test/webhooks/**/*.test.ts',
      'test/widget/config.test.ts',
      'test/widget/links.test.ts',
      'test/widget/public-surveys.test.ts',
      // By name: the rest of test/security needs in-process parts (a hand-made logger, the Node server).
      'test/security/tenant-isolation.test.ts',
      'test/worker/**/*.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts', 'test/worker/global-setup.ts'],
    pool: 'forks',
    // One file per core (the default is cores − 1): each mostly waits on its own workerd and Postgres. One more
    // than cores was not faster in CI (324 s against 286 s the session before, with two more files).
    maxWorkers: Math.max(1, availableParallelism()),
    // As in the main config: files share worker processes (each still starts its own workerd on its own database).
    isolate: false,
    // Every request opens a Postgres connection through the local Hyperdrive proxy (the edge pools them): slow
    // on a busy machine, so tests that send a hundred requests get time.
    testTimeout: 300_000,
    hookTimeout: 180_000,
    env: {
      DOTENV_CONFIG_QUIET: 'true',
      KIZUNA_TEST_TARGET: 'worker',
      DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
