// bench/ingest: POST /v1/responses over loopback against the Node server on the local Postgres, at several
// concurrencies, next to bare postgres.js single-row inserts of the same rows in the same run.
// Run: npm run bench:ingest   (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
import '../../server/quiet-dotenv';
import { categorize } from '../../server/analytics/nps';
import { newId } from '../../server/ids';
import { fmt, machineLine, runLoad } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { startNodeServer } from '../support/server';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';
const comments: (string | null)[] = ['Great product, the support team was quick.', '使いやすいけど、少し高いです。', 'Too slow to load on mobile.', null];

const bench = await createBenchDatabase('ingest');
const server = await startNodeServer(
  { DATABASE_URL: bench.url, KIZUNA_ADMIN_KEY: ADMIN_KEY, KIZUNA_RATE_LIMIT_PER_KEY: '100000000', KIZUNA_RATE_LIMIT_PER_CLIENT: '100000000' },
  18_000 + Math.floor(Math.random() * 1000),
);
try {
  const post = (path: string, key: string, body: unknown) =>
    fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const project = (await (await post('/v1/projects', ADMIN_KEY, { name: 'Bench' })).json()) as { id: string; publishableKey: string };
  const survey = (await (await post('/v1/surveys', (project as unknown as { secretKey: string }).secretKey, { name: 'NPS' })).json()) as { id: string };

  const row = (i: number) => ({
    score: i % 11,
    comment: comments[i % comments.length],
    idempotencyKey: crypto.randomUUID(),
    channel: 'web' as const,
    locale: i % 3 === 0 ? 'ja' : 'en',
  });

  console.log(`bench/ingest — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${TOTAL} requests per run; Postgres ${bench.url.replace(/\/\/.*@/, '//')}`);
  console.log('concurrency | API resp/s | p50 ms | p99 ms | bare insert rows/s | p50 ms | p99 ms | API / bare | GET /healthz req/s');
  for (const concurrency of CONCURRENCIES) {
    const api = await runLoad({
      total: TOTAL,
      concurrency,
      send: async (i) => {
        const res = await post('/v1/responses', project.publishableKey, { surveyId: survey.id, ...row(i) });
        await res.arrayBuffer();
        return res.status === 201;
      },
    });
    const sql = (bench.handle.db as unknown as { $client: import('postgres').Sql }).$client;
    const bare = await runLoad({
      total: TOTAL,
      concurrency,
      send: async (i) => {
        const r = row(i);
        await sql`insert into responses (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
          values (${newId('rsp')}, ${project.id}, ${survey.id}, ${r.score}, ${categorize(r.score)}, ${r.comment ?? null}, ${r.channel}, ${r.locale}, ${r.idempotencyKey})`;
        return true;
      },
    });
    // Context for the ratio: the same server answering HTTP with one trivial query and nothing else.
    const floor = await runLoad({
      total: TOTAL,
      concurrency,
      send: async () => {
        const res = await fetch(server.url + '/healthz');
        await res.arrayBuffer();
        return res.ok;
      },
    });
    console.log(
      [concurrency, fmt(api.perSecond, 0), fmt(api.p50, 2), fmt(api.p99, 2), fmt(bare.perSecond, 0), fmt(bare.p50, 2), fmt(bare.p99, 2), `${fmt((100 * api.perSecond) / bare.perSecond, 0)}%`, fmt(floor.perSecond, 0)].join(' | ') +
        (api.errors ? `  (${api.errors} API errors)` : ''),
    );
  }
} finally {
  server.stop();
  await bench.drop();
}
