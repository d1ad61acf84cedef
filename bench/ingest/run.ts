// bench/ingest: POST /v1/responses over loopback against the Node server on the local Postgres, at several
// concurrencies, next to bare postgres.js single-row inserts of the same rows in the same run — and, for
// scale, three reference servers with no framework at all (reference-server.ts) and GET /healthz.
// Every target gets BENCH_WARMUP requests first (not measured), so no figure includes JIT warm-up.
// CPU ms/req is the whole machine's CPU (load generator, server and Postgres) per request, from /proc/stat, and
// Postgres's share of it, from its processes' /proc/<pid>/stat.
// Run: npm run bench:ingest   (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
import '../../server/quiet-dotenv';
import type { Sql } from 'postgres';
import { categorize } from '../../server/analytics/nps';
import { newId } from '../../server/ids';
import { withMachineCpu } from '../support/cpu';
import { createHttpClient } from '../support/http-client';
import { fmt, machineLine, runLoad, type LoadResult } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { startNodeServer, startScriptServer } from '../support/server';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';
const comments: (string | null)[] = ['Great product, the support team was quick.', '使いやすいけど、少し高いです。', 'Too slow to load on mobile.', null];
const port = () => 18_000 + Math.floor(Math.random() * 1000);

const bench = await createBenchDatabase('ingest');
const servers: { stop: () => void }[] = [];
try {
  const limits = { KIZUNA_RATE_LIMIT_PER_KEY: '100000000', KIZUNA_RATE_LIMIT_PER_CLIENT: '100000000' };
  const api = await startNodeServer({ DATABASE_URL: bench.url, KIZUNA_ADMIN_KEY: ADMIN_KEY, ...limits }, port());
  servers.push(api);
  const setup = createHttpClient(api.url, 1);
  const project = (await setup.post('/v1/projects', ADMIN_KEY, { name: 'Bench' })).body as { id: string; secretKey: string; publishableKey: string };
  const survey = (await setup.post('/v1/surveys', project.secretKey, { name: 'NPS' })).body as { id: string };
  await setup.close();
  const reference = async (mode: string) => {
    const server = await startScriptServer('bench/ingest/reference-server.ts', { DATABASE_URL: bench.url, MODE: mode, PROJECT_ID: project.id }, port());
    servers.push(server);
    return server.url;
  };
  const referenceTransaction = await reference('transaction');
  const referenceSingle = await reference('single');
  const referenceInsert = await reference('insert');

  // The same answers everywhere: every score, a comment on three in four (English and Japanese), a fresh key.
  const answer = (i: number) => ({
    surveyId: survey.id,
    score: i % 11,
    comment: comments[i % comments.length],
    idempotencyKey: crypto.randomUUID(),
    channel: 'web' as const,
    locale: i % 3 === 0 ? 'ja' : 'en',
  });
  const sql = (bench.handle.db as unknown as { $client: Sql }).$client;
  const bareInsert = async (i: number) => {
    const a = answer(i);
    await sql`insert into responses (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
      values (${newId('rsp')}, ${project.id}, ${a.surveyId}, ${a.score}, ${categorize(a.score)}, ${a.comment ?? null}, ${a.channel}, ${a.locale}, ${a.idempotencyKey})`;
    return true;
  };

  // The cheapest answer the API takes: a promoter with no comment (no sentiment, no theme lock, no rule
  // opens a case). Against the mix above it shows how much of an answer's cost is the API itself.
  const plainPromoter = (i: number) => ({ ...answer(i), score: 9, comment: null });

  type Target = { label: string; run: (concurrency: number, total: number) => Promise<LoadResult> };
  const overHttp = (label: string, origin: string, key: string | null, method: 'post' | 'get' = 'post', body = answer): Target => ({
    label,
    run: async (concurrency, total) => {
      const client = createHttpClient(origin, concurrency);
      try {
        return await runLoad({
          total,
          concurrency,
          send: async (i) =>
            method === 'get' ? (await client.get('/healthz')).status === 200 : (await client.post('/v1/responses', key, body(i))).status === 201,
        });
      } finally {
        await client.close();
      }
    },
  });
  const targets: Target[] = [
    overHttp('Kizuna API', api.url, project.publishableKey),
    overHttp('Kizuna API, promoters without comment', api.url, project.publishableKey, 'post', plainPromoter),
    { label: 'bare insert', run: (concurrency, total) => runLoad({ total, concurrency, send: bareInsert }) },
    overHttp('ref: HTTP + the transaction path', referenceTransaction, null),
    overHttp('ref: HTTP + the answer in one statement', referenceSingle, null),
    overHttp('ref: HTTP + one insert', referenceInsert, null),
    overHttp('GET /healthz (API)', api.url, null, 'get'),
  ];

  for (const target of targets) await target.run(8, WARMUP);

  console.log(`bench/ingest — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${TOTAL} requests per run after ${WARMUP} warm-up; Postgres ${bench.url.replace(/\/\/.*@/, '//')}`);
  console.log('concurrency | target | req/s | p50 ms | p99 ms | machine CPU ms/req | Postgres CPU ms/req | % of bare insert | % if Postgres were the limit');
  for (const concurrency of CONCURRENCIES) {
    const results = [];
    for (const target of targets) results.push({ target, result: await withMachineCpu(() => target.run(concurrency, TOTAL)) });
    const bare = results.find((r) => r.target.label === 'bare insert')!.result;
    const cpu = (ms: number | null) => (ms === null ? '–' : fmt(ms, 2));
    for (const { target, result } of results) {
      // What the rate would be, against the bare insert, if Postgres's own CPU were the only limit — as on a
      // machine where Postgres has its cores to itself and enough server processes feed it.
      const postgresBound =
        result.postgresCpuMsPerRequest && bare.postgresCpuMsPerRequest ? `${fmt((100 * bare.postgresCpuMsPerRequest) / result.postgresCpuMsPerRequest, 0)}%` : '–';
      console.log(
        [
          concurrency,
          target.label,
          fmt(result.perSecond, 0),
          fmt(result.p50, 2),
          fmt(result.p99, 2),
          cpu(result.cpuMsPerRequest),
          cpu(result.postgresCpuMsPerRequest),
          `${fmt((100 * result.perSecond) / bare.perSecond, 0)}%`,
          postgresBound,
        ].join(' | ') + (result.errors ? `  (${result.errors} errors)` : ''),
      );
    }
  }
} finally {
  for (const server of servers) server.stop();
  await bench.drop();
}
