// What only the test entry (test/worker/entry.ts) understands. A Worker's entry module may export only
// handlers, so these names live here.

/** Carries the test's clock to the Worker under test. */
export const TEST_NOW_HEADER = 'x-kizuna-test-now';

/**
 * Runs the cron handler on request. wrangler dev's own trigger (/cdn-cgi/handler/scheduled) reaches the
 * static-assets router rather than the Worker when [assets] is configured (wrangler 4.84 answers "exception").
 */
export const RUN_SCHEDULED_PATH = '/__test/scheduled';
