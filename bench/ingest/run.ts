// bench/ingest: POST /v1/responses over loopback against the Node server on the local Postgres, at several
// concurrencies, next to two baselines measured in the same run: postgres.js single-row inserts of the same
// rows into `responses` with its indexes and foreign keys but none of its triggers (no rollup work), and the
// same inserts into a plain table with only a primary key. For scale, three reference servers with no
// framework at all (reference-server.ts) and GET /healthz. While the API runs, pg_stat_activity is sampled:
// the share of busy connections waiting on another transaction's lock.
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
import { describeWaits, startWaitSampler, type WaitSample } from '../support/waits';

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
  const bareInsert = (table: 'responses' | 'plain_answers') => async (i: number) => {
    const a = answer(i);
    await sql`insert into ${sql(table)} (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
      values (${newId('rsp')}, ${project.id}, ${a.surveyId}, ${a.score}, ${categorize(a.score)}, ${a.comment ?? null}, ${a.channel}, ${a.locale}, ${a.idempotencyKey})`;
    return true;
  };
  // The second baseline: the same columns, no index but the primary key, no foreign key, no trigger.
  await sql`create table plain_answers (id text primary key, project_id text not null, survey_id text not null, score smallint not null,
    category text not null, comment text, channel text not null, locale text, idempotency_key text, created_at timestamptz not null default now())`;
  // The first: `responses` as it is, minus its triggers (the rollup upkeep). The server's fold loop folds
  // these rows later like any other answers.
  const withoutTriggers = async <T>(work: () => Promise<T>) => {
    await sql`alter table responses disable trigger user`;
    try {
      return await work();
    } finally {
      await sql`alter table responses enable trigger user`;
    }
  };
  const waits = new Map<number, WaitSample>();

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
  const BASELINE = 'baseline: insert into responses, no triggers';
  const PLAIN = 'baseline: insert into a table with only a primary key';
  const kizuna = overHttp('Kizuna API', api.url, project.publishableKey);
  const targets: Target[] = [
    {
      label: kizuna.label,
      run: async (concurrency, total) => {
        const sampler = startWaitSampler(bench.url);
        const result = await kizuna.run(concurrency, total);
        waits.set(concurrency, await sampler.stop());
        return result;
      },
    },
    overHttp('Kizuna API, promoters without comment', api.url, project.publishableKey, 'post', plainPromoter),
    { label: BASELINE, run: (concurrency, total) => withoutTriggers(() => runLoad({ total, concurrency, send: bareInsert('responses') })) },
    { label: PLAIN, run: (concurrency, total) => runLoad({ total, concurrency, send: bareInsert('plain_answers') }) },
    overHttp('ref: HTTP + the transaction path', referenceTransaction, null),
    overHttp('ref: HTTP + the answer in one statement', referenceSingle, null),
    overHttp('ref: HTTP + one insert', referenceInsert, null),
    overHttp('GET /healthz (API)', api.url, null, 'get'),
  ];

  for (const target of targets) await target.run(8, WARMUP);

  console.log(`bench/ingest — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${TOTAL} requests per run after ${WARMUP} warm-up; Postgres ${bench.url.replace(/\/\/.*@/, '//')}`);
  console.log(
    'concurrency | target | req/s | p50 ms | p99 ms | machine CPU ms/req | Postgres CPU ms/req | % of baseline (responses, no triggers) | % of plain table | % if Postgres were the limit',
  );
  for (const concurrency of CONCURRENCIES) {
    const results = [];
    for (const target of targets) results.push({ target, result: await withMachineCpu(() => target.run(concurrency, TOTAL)) });
    const bare = results.find((r) => r.target.label === BASELINE)!.result;
    const plain = results.find((r) => r.target.label === PLAIN)!.result;
    const cpu = (ms: number | null) => (ms === null ? '–' : fmt(ms, 2));
    for (const { target, result } of results) {
      // What the rate would be, against the first baseline, if Postgres's own CPU were the only limit — as on a
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
          `${fmt((100 * result.perSecond) / plain.perSecond, 0)}%`,
          postgresBound,
        ].join(' | ') + (result.errors ? `  (${result.errors} errors)` : ''),
      );
    }
    const answers = results.find((r) => r.target.label === kizuna.label)!.result;
    console.log(
      `c = ${concurrency}: API / baseline (responses, no triggers) ${fmt((100 * answers.perSecond) / bare.perSecond, 0)} %, ` +
        `API / plain table ${fmt((100 * answers.perSecond) / plain.perSecond, 0)} %; the API's busy connections waiting on a lock, ` +
        `then the top wait events: ${describeWaits(waits.get(concurrency)!)}`,
    );
  }
} finally {
  for (const server of servers) server.stop();
  await bench.drop();
}
