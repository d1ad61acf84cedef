/** The header that carries the test's clock to the Worker under test (test/worker/entry.ts reads it). */
export const TEST_NOW_HEADER = 'x-kizuna-test-now';
