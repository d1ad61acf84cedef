// bench/ingest-worker: POST /v1/responses on the Worker in workerd (wrangler dev --local, Postgres through the
// local Hyperdrive binding) next to the Node server, on the same Postgres database, in the same run,
// alternating which goes first. Run: npm run bench:ingest-worker
//   BENCH_REQUESTS (default 2000 per measurement), BENCH_CONCURRENCY (default 1,8,32), BENCH_ROUNDS (default 2)
import '../../server/quiet-dotenv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorker } from '../../test/worker/build';
import { startWorkerDev } from '../../test/worker/dev-server';
import { fmt, machineLine, runLoad, type LoadResult } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { startNodeServer } from '../support/server';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';
const unlimited = { KIZUNA_RATE_LIMIT_PER_KEY: '100000000', KIZUNA_RATE_LIMIT_PER_CLIENT: '100000000', KIZUNA_LOG: 'off' };
const comments: (string | null)[] = ['Great product, the support team was quick.', '使いやすいけど、少し高いです。', 'Too slow to load on mobile.', null];

const bench = await createBenchDatabase('worker');
const build = await buildWorker('server/worker.ts');
const emptyAssets = mkdtempSync(join(tmpdir(), 'kizuna-bench-assets-')); // the bench needs no static files
const worker = await startWorkerDev({ script: build.file, assetsDir: emptyAssets, databaseUrl: bench.url, vars: { KIZUNA_ADMIN_KEY: ADMIN_KEY, ...unlimited } });
const node = await startNodeServer({ DATABASE_URL: bench.url, KIZUNA_ADMIN_KEY: ADMIN_KEY, ...unlimited }, 19_000 + Math.floor(Math.random() * 1000));

try {
  const post = (base: string, path: string, key: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // One project and survey, made through the Worker; both servers then write into it.
  const project = (await (await post(worker.url, '/v1/projects', ADMIN_KEY, { name: 'Bench' })).json()) as { secretKey: string; publishableKey: string };
  const survey = (await (await post(worker.url, '/v1/surveys', project.secretKey, { name: 'NPS' })).json()) as { id: string };

  const ingest = (base: string, concurrency: number, total = TOTAL) =>
    runLoad({
      total,
      concurrency,
      send: async (i) => {
        const res = await post(base, '/v1/responses', project.publishableKey, {
          surveyId: survey.id,
          score: i % 11,
          comment: comments[i % comments.length],
          idempotencyKey: crypto.randomUUID(),
          channel: 'web',
          locale: i % 3 === 0 ? 'ja' : 'en',
        });
        await res.arrayBuffer();
        return res.status === 201;
      },
    });

  // Warm both: JIT, the Worker's isolate, the Node pool.
  await ingest(worker.url, 4, 200);
  await ingest(node.url, 4, 200);

  console.log(`bench/ingest-worker — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${TOTAL} requests per measurement, ${ROUNDS} rounds alternating the order, best round shown; same Postgres database`);
  console.log('concurrency | Worker resp/s | p50 ms | p99 ms | Node resp/s | p50 ms | p99 ms | Worker / Node | errors');
  for (const concurrency of CONCURRENCIES) {
    const best: { worker?: LoadResult; node?: LoadResult } = {};
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['worker', 'node'] as const) : (['node', 'worker'] as const);
      for (const which of order) {
        const result = await ingest(which === 'worker' ? worker.url : node.url, concurrency);
        errors += result.errors;
        if (!best[which] || result.perSecond > best[which]!.perSecond) best[which] = result;
      }
    }
    const w = best.worker!;
    const n = best.node!;
    console.log(
      [concurrency, fmt(w.perSecond, 0), fmt(w.p50, 2), fmt(w.p99, 2), fmt(n.perSecond, 0), fmt(n.p50, 2), fmt(n.p99, 2), `${fmt(w.perSecond / n.perSecond, 2)}×`, errors].join(' | '),
    );
  }
} finally {
  node.stop();
  await worker.stop();
  rmSync(build.dir, { recursive: true, force: true });
  rmSync(emptyAssets, { recursive: true, force: true });
  await bench.drop();
}
