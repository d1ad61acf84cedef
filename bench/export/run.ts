// bench/export: GET /v1/responses/export.csv over loopback from the Node server (a child process) on a project
// with N responses (comments in English and Japanese, three in four from known people), local Postgres.
// Reports time, rows and bytes, and the server's resident memory while it streams (sampled every 20 ms from
// /proc/<pid>/status), against its memory just before: the export must stay flat as N grows.
// Then the Responses page's list calls at that size (first page, filters, text search, a deep page), and
// creating a theme, which re-applies the project's themes to every stored comment before it answers.
// Run: npm run bench:export     sizes via BENCH_SIZES=100000,1000000; BENCH_KEEP=1 keeps the database (for EXPLAIN)
import '../../server/quiet-dotenv';
import { readFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import { Pool } from 'undici';
import { fmt, machineLine } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { encodeCursor } from '../../server/services/pagination';
import { loadResponsesInBulk } from '../support/rollups';
import { startNodeServer } from '../support/server';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';
const RUNS = 5;

// Comments as customers write them; the index picks one per row, null for one row in four.
const comments = [
  'Great product, the support team was quick.',
  'Too expensive for what it does.',
  'The app keeps logging me out.',
  '使いやすいけど、少し高いです。',
  'サポートの対応がとても早くて助かりました。',
  'Checkout crashed twice, I had to call support to get a refund.',
  'Love the new dashboard!',
  'ログインが頻繁に切れて使いにくいです。',
];

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function seed(sql: Sql, projectId: string, surveyId: string, size: number) {
  const peopleCount = Math.max(1, Math.floor(size / 10));
  await sql`
    insert into people (id, project_id, external_id, email, name, created_at, updated_at)
    select 'per_' || g, ${projectId}, 'cust-' || g, 'cust' || g || '@example.com', 'Customer ' || g, timestamptz '2025-01-01', timestamptz '2025-01-01'
    from generate_series(1, ${peopleCount}) g`;
  await loadResponsesInBulk(sql, () => sql`
    insert into responses (id, project_id, survey_id, person_id, score, category, comment, channel, locale, language,
                           sentiment_score, sentiment_label, themes, created_at, updated_at)
    select 'rsp_' || g, ${projectId}, ${surveyId},
           case when g % 4 <> 0 then 'per_' || (1 + g % ${peopleCount}) end,
           s, case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end,
           case when g % 4 <> 0 then (${sql.array(comments)}::text[])[1 + g % ${comments.length}] end,
           (array['web','email','api'])[1 + g % 3], (array['en','ja'])[1 + g % 2], (array['en','ja'])[1 + g % 2],
           case when g % 4 <> 0 then ((g % 7) - 3) / 3.0 end,
           case when g % 4 = 0 then null when g % 7 < 3 then 'negative' when g % 7 = 3 then 'neutral' else 'positive' end,
           case when g % 5 = 0 then '["Pricing"]'::jsonb else '[]'::jsonb end,
           t, t
    from generate_series(1, ${size}) g,
         lateral (select ((g::bigint * 7919) % 11)::int as s, timestamptz '2025-01-01' + (g::float8 / ${size}) * interval '365 days' as t) x`);
  await sql`vacuum analyze people`;
}

console.log(`bench/export — ${new Date().toISOString()} — ${machineLine()}`);
for (const size of SIZES) {
  const bench = await createBenchDatabase(`export${size}`);
  let server: Awaited<ReturnType<typeof startNodeServer>> | null = null;
  try {
    server = await startNodeServer({ DATABASE_URL: bench.url, KIZUNA_ADMIN_KEY: ADMIN_KEY }, 18_000 + Math.floor(Math.random() * 1000));
    const pool = new Pool(server.url, { connections: 4 });
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await pool.request({ path, method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.statusCode, body: (await res.body.json()) as any };
    };
    const project = (await call('POST', '/v1/projects', ADMIN_KEY, { name: 'Bench' })).body;
    const survey = (await call('POST', '/v1/surveys', project.secretKey, { name: 'NPS' })).body;
    const t0 = performance.now();
    await seed((bench.handle.db as unknown as { $client: Sql }).$client, project.id, survey.id, size);
    console.log(`\n${size.toLocaleString('en')} responses (seeded in ${fmt((performance.now() - t0) / 1000, 1)} s)`);

    // The export: one full stream, memory sampled while it runs.
    const before = rssMiB(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server!.pid))), 20);
    const start = performance.now();
    const res = await pool.request({ path: '/v1/responses/export.csv', method: 'GET', headers: { authorization: `Bearer ${project.secretKey}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (const byte of chunk as Buffer) if (byte === 10) lines++;
    }
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const after = rssMiB(server.pid);
    console.log('export.csv | status | rows | MB | s | rows/s | server RSS before MiB | peak MiB | after MiB');
    console.log(['all responses', res.statusCode, lines - 1, fmt(bytes / 1e6, 1), fmt(seconds, 2), fmt((lines - 1) / seconds, 0), fmt(before, 0), fmt(peak, 0), fmt(after, 0)].join(' | '));

    // The Responses page: median of RUNS, ms, over HTTP.
    const median = async (path: string) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        const r = await call('GET', path, project.secretKey);
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
        times.push(performance.now() - s);
      }
      return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    };
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      cursor = (await call('GET', `/v1/responses?limit=50${cursor ? `&cursor=${cursor}` : ''}`, project.secretKey)).body.nextCursor;
    }
    // A cursor half-way down the feed, as a client paging through everything would hold one.
    const sql = (bench.handle.db as unknown as { $client: Sql }).$client;
    const [middle] = await sql<{ created_at: string; id: string }[]>`
      select created_at, id from responses order by created_at desc, id desc offset ${Math.floor(size / 2)} limit 1`;
    const deepCursor = encodeCursor({ at: new Date(middle!.created_at), id: middle!.id });
    const calls: [string, string][] = [
      ['first page (50, newest)', '/v1/responses?limit=50'],
      ['detractors with a comment', '/v1/responses?limit=50&category=detractor&hasComment=true'],
      ['negative, theme "Pricing"', '/v1/responses?limit=50&sentiment=negative&theme=Pricing'],
      ['search "refund" (1 comment in 8)', '/v1/responses?limit=50&q=refund'],
      ['search "ログイン"', `/v1/responses?limit=50&q=${encodeURIComponent('ログイン')}`],
      ['search a word no one wrote', '/v1/responses?limit=50&q=zeppelin'],
      ['page 101 (cursor)', `/v1/responses?limit=50&cursor=${cursor}`],
      [`a page ${(size / 2).toLocaleString('en')} rows deep (cursor)`, `/v1/responses?limit=50&cursor=${deepCursor}`],
      ['one month, detractors', '/v1/responses?limit=50&from=2025-06-01&to=2025-07-01&category=detractor'],
    ];
    console.log(`responses list | median of ${RUNS} ms`);
    for (const [label, path] of calls) console.log(`${label} | ${fmt(await median(path), 1)}`);

    // The other pass over every stored answer: a new theme is re-applied to all comments before the reply.
    const themeStart = performance.now();
    const theme = await call('POST', '/v1/themes', project.secretKey, { name: 'Login', keywords: { en: ['logging me out', 'log in'], ja: ['ログイン'] } });
    const themeSeconds = (performance.now() - themeStart) / 1000;
    const { scanned, changed } = theme.body.reapplied ?? {};
    console.log(`POST /v1/themes | status ${theme.status} | ${fmt(themeSeconds, 2)} s | scanned ${scanned} | changed ${changed} | ${fmt(scanned / themeSeconds, 0)} comments/s`);
    await pool.close();
  } finally {
    server?.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${bench.url}`), await bench.handle.close();
    else await bench.drop();
  }
}
