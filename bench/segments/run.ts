// NPS of a segment at scale: a year's answers of a segment holding ~10 % of them, with and without the GIN
// index on people.traits. `DATABASE_URL=postgres://… npx tsx bench/segments/run.ts [answers]`; makes its own
// database and drops it. The figure is the median of 7 runs through countCategories, as /v1/metrics/nps runs it.
import postgres from 'postgres';
import { createPostgresDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { systemClock } from '../../server/clock';
import { countCategories } from '../../server/services/metrics/nps';
import type { SegmentFilter } from '../../server/services/segments/filter';

const ANSWERS = Number(process.argv[2] ?? 1_000_000);
const PEOPLE = ANSWERS / 10;
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('Set DATABASE_URL');

const name = `kizuna_bench_segments_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = createPostgresDb(url.toString(), { max: 2 });
const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  await migrate(handle);
  await raw.unsafe(`insert into projects (id, name) values ('prj_bench', 'Bench')`);
  await raw.unsafe(`insert into surveys (id, project_id, name, question, follow_up_question, targeting, appearance)
    values ('srv_bench', 'prj_bench', 'NPS', '{}', '{}', '{}', '{}')`);
  // Ten plans, one person in ten on each; seats 1..500.
  await raw.unsafe(`insert into people (id, project_id, external_id, traits)
    select 'per_' || i, 'prj_bench', 'ext_' || i,
      jsonb_build_object('plan', 'plan' || (i % 10), 'seats', 1 + (i::bigint * 7919) % 500, 'country', (array['JP','KR','US','DE'])[1 + i % 4])
    from generate_series(1, ${PEOPLE}) as i`);
  const started = performance.now();
  // Bulk load without the rollup triggers (segment metrics never read the rollups): minutes saved.
  await raw.unsafe(`set session_replication_role = replica`);
  await raw.unsafe(`insert into responses (id, project_id, survey_id, person_id, score, category, channel, created_at)
    select 'rsp_' || i, 'prj_bench', 'srv_bench', 'per_' || (1 + (i::bigint * 104729) % ${PEOPLE}), s,
      case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end, 'web',
      timestamptz '2025-01-01' + (i::double precision / ${ANSWERS}) * interval '365 days'
    from (select i, ((i::bigint * 31) % 11)::int as s from generate_series(1, ${ANSWERS}) as i) as g`);
  await raw.unsafe(`set session_replication_role = default`);
  console.log(`loaded ${ANSWERS} answers, ${PEOPLE} people in ${Math.round((performance.now() - started) / 1000)} s`);
  await raw.unsafe('vacuum analyze');

  const ctx = { db: handle.db, projectId: 'prj_bench', clock: systemClock };
  const year = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
  const segments = {
    'plan eq (10 %)': { trait: 'plan', eq: 'plan3' },
    'seats gte 450 (10 %)': { trait: 'seats', gte: 451 },
    'all: plan in 2 + country (5 %)': { all: [{ trait: 'plan', in: ['plan1', 'plan2'] }, { trait: 'country', eq: 'KR' }] },
    'not plan eq (90 %)': { not: { trait: 'plan', eq: 'plan3' } },
  } satisfies Record<string, SegmentFilter>;
  const measure = async (label: string) => {
    for (const [what, segment] of Object.entries(segments)) {
      const times: number[] = [];
      let n = 0;
      for (let run = 0; run < 7; run++) {
        const t = performance.now();
        const counts = await countCategories(ctx, { ...year, segment });
        times.push(performance.now() - t);
        n = counts.promoters + counts.passives + counts.detractors;
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(14)} ${what.padEnd(34)} n=${n}  median ${times[3]!.toFixed(0)} ms`);
    }
  };
  await raw.unsafe('drop index if exists people_traits_gin');
  await measure('without GIN');
  await raw.unsafe('create index people_traits_gin on people using gin (traits)');
  await raw.unsafe('analyze people');
  await measure('with GIN');
  await raw.unsafe('drop index people_traits_gin');
  // A covering index from person to their answers' times and scores: the join reads no table rows.
  await raw.unsafe('create index responses_person_scores on responses (project_id, person_id, created_at) include (score)');
  await raw.unsafe('vacuum analyze responses');
  await measure('person index');
} finally {
  await raw.end();
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
