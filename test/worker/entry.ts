// The Worker as the workerd tests run it: server/worker.ts exactly, except that each request's clock is the
// test's clock (sent in a header by test/worker/test-api.ts) and that one path runs the cron handler
// (test/worker/hooks.ts). Never deployed: wrangler.toml's main is server/worker.ts.
import worker, { createWorker, type WorkerContext, type WorkerEnv } from '../../server/worker';
import { RUN_SCHEDULED_PATH, TEST_NOW_HEADER } from './hooks';

const testWorker = createWorker({
  clockFor: (request) => {
    const sent = request.headers.get(TEST_NOW_HEADER);
    const at = sent ? new Date(sent) : null;
    // The test clock stands still between its moves, so one instant per request is the same clock.
    return { now: () => (at && !Number.isNaN(at.getTime()) ? new Date(at) : new Date()) };
  },
});

export default {
  ...worker,
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    if (new URL(request.url).pathname === RUN_SCHEDULED_PATH) {
      await worker.scheduled({ cron: '* * * * *', scheduledTime: Date.now() }, env, ctx);
      return new Response('scheduled() ran');
    }
    // wrangler dev's local proxy loses the connection now and then (answering 503 "Your worker restarted
    // mid-request") when a Worker replies before reading the request body, as a 401 does. The edge does
    // not; reading the body first keeps that artefact of the local proxy out of the test results.
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    return testWorker.fetch(new Request(request, { body }), env, ctx);
  },
};
