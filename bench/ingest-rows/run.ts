// bench/ingest-rows: what Kizuna's triggers on `responses` cost the rows themselves. Single-row autocommit
// INSERTs of answers of one project from BENCH_CLIENTS concurrent connections (16 by default) on the local
// Postgres, with the table's user triggers off (the row, its indexes and foreign keys alone) and on (what
// Kizuna installs, with the rollup fold running every KIZUNA_ROLLUP_FOLD_MS as the server runs it), taking
// turns BENCH_ROUNDS times. pg_stat_activity is sampled during each run: the share of busy connections
// waiting on another transaction's lock (wait_event_type Lock) and the most common wait events.
// BENCH_SYNCHRONOUS_COMMIT=off takes the wait for the WAL flush out of every insert, which shows the
// triggers' CPU cost on its own (on a shared or slow disk the flush dominates both sides).
// Run: npx tsx bench/ingest-rows/run.ts   (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
import '../../server/quiet-dotenv';
import postgres from 'postgres';
import { categorize } from '../../server/analytics/nps';
import { systemClock } from '../../server/clock';
import { newId } from '../../server/ids';
import { foldAllRollups } from '../../server/services/metrics/fold';
import { DEFAULT_FOLD_INTERVAL_MS } from '../../server/services/metrics/fold-loop';
import { createProject } from '../../server/services/projects/create';
import { createSurvey } from '../../server/services/surveys/manage';
import { fmt, machineLine, runLoad } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { describeWaits, startWaitSampler } from '../support/waits';

const ROWS = Number(process.env.BENCH_ROWS ?? 60_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const FOLD_MS = Number(process.env.KIZUNA_ROLLUP_FOLD_MS ?? DEFAULT_FOLD_INTERVAL_MS);
const SYNCHRONOUS_COMMIT = process.env.BENCH_SYNCHRONOUS_COMMIT ?? 'on';
const comments: (string | null)[] = ['Great product, the support team was quick.', '使いやすいけど、少し高いです。', 'Too slow to load on mobile.', null];

const bench = await createBenchDatabase('rows');
const sql = postgres(bench.url, { max: CLIENTS, onnotice: () => {}, connection: { synchronous_commit: SYNCHRONOUS_COMMIT } });
try {
  const db = bench.handle.db;
  const project = await createProject(db, { name: 'Bench' });
  const survey = await createSurvey({ db, projectId: project.id, clock: systemClock }, { name: 'NPS' });
  const insert = async (i: number) => {
    const score = i % 11;
    await sql`insert into responses (id, project_id, survey_id, score, category, comment, channel, locale, idempotency_key)
      values (${newId('rsp')}, ${project.id}, ${survey.id}, ${score}, ${categorize(score)}, ${comments[i % comments.length] ?? null},
              'web', ${i % 3 === 0 ? 'ja' : 'en'}, ${crypto.randomUUID()})`;
    return true;
  };

  const run = async (triggers: boolean) => {
    await sql.unsafe(`alter table responses ${triggers ? 'enable' : 'disable'} trigger user`);
    // What the runs with triggers off left after the watermark is folded first, outside the measurement: in
    // steady state a fold passes only the answers of one interval.
    if (triggers) await foldAllRollups(db, systemClock.now());
    // The fold runs beside the answers, as in the server (only while the triggers are on: off, nothing keeps
    // the rollups, and what is measured is the row alone).
    let folding = triggers;
    const folds: number[] = [];
    const folder = (async () => {
      while (folding) {
        await new Promise((resolve) => setTimeout(resolve, FOLD_MS));
        if (!folding) break;
        const t0 = performance.now();
        await foldAllRollups(db, systemClock.now());
        folds.push(performance.now() - t0);
      }
    })();
    const sampler = startWaitSampler(bench.url);
    const result = await runLoad({ total: ROWS, concurrency: CLIENTS, send: insert });
    const waits = await sampler.stop();
    folding = false;
    await folder;
    return { result, waits, folds };
  };

  await sql`select 1`;
  await run(false); // warm-up: connections, caches, the first index pages
  console.log(`bench/ingest-rows — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${ROWS} single-row INSERTs per run from ${CLIENTS} connections (synchronous_commit ${SYNCHRONOUS_COMMIT}); fold every ${FOLD_MS} ms while triggers are on`);
  console.log('round | triggers | rows/s | p50 ms | p99 ms | folds (longest ms) | busy connections waiting on a lock | top wait events (share of busy)');
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const off = await run(false);
    const on = await run(true);
    for (const [label, m] of [
      ['off', off],
      ['on (Kizuna)', on],
    ] as const) {
      const r = m.result;
      console.log(
        [round, label, fmt(r.perSecond, 0), fmt(r.p50, 2), fmt(r.p99, 2), `${m.folds.length} (${fmt(Math.max(0, ...m.folds), 0)})`, describeWaits(m.waits)].join(' | ') +
          (r.errors ? `  (${r.errors} errors)` : ''),
      );
    }
    ratios.push(on.result.perSecond / off.result.perSecond);
  }
  console.log(`on / off: ${ratios.map((r) => `${fmt(100 * r, 0)} %`).join(', ')}  (target ≥ 80 %)`);
  // The rollups must still be exact after all this: fold everything and compare with a direct count.
  // (Two steps: the first seals up to the time given, the second folds up to it.)
  for (let step = 0; step < 2; step++) await foldAllRollups(db, new Date(Date.now() + 60_000));
  const [check] = await sql<{ rolled: string; counted: string }[]>`
    select (select coalesce(sum(promoters + passives + detractors), 0) from response_rollups where project_id = ${project.id}) as rolled,
           (select count(*) from responses where project_id = ${project.id}) as counted`;
  console.log(`rollups after folding everything: ${check!.rolled} answers counted, ${check!.counted} stored (the runs with triggers off are folded too)`);
} finally {
  await sql.end();
  await bench.drop();
}
