// Which Kizuna the API tests talk to. The same test files run against both:
//   node   (default) the app in this process, app.request(), PGlite or Postgres
//   worker (KIZUNA_TEST_TARGET=worker, `npm run test:worker`) the Worker in workerd via `wrangler dev`,
//          Postgres through the Hyperdrive binding; test/worker/test-api.ts
import { describe } from 'vitest';

export type TestTarget = 'node' | 'worker';

export const testTarget: TestTarget = process.env.KIZUNA_TEST_TARGET === 'worker' ? 'worker' : 'node';
export const onWorker = testTarget === 'worker';

/**
 * For tests that need the app in this very process: a hand-made logger, an injected fetch or mailer,
 * a function called beside the HTTP API. They are skipped against the Worker, and say so in the report.
 */
export const describeInProcess = describe.skipIf(onWorker);
