import type { Sql } from 'postgres';

/**
 * Builds response_rollups from the responses in one statement, exactly as the trigger would have counted
 * them (same hour, segment, single counter row and per-score counts; migration 0011 rebuilds the same way). Benchmarks
 * load millions of rows with the trigger off and call this, instead of waiting minutes for row-by-row upkeep.
 */
export async function rebuildRollups(sql: Sql) {
  await sql`delete from response_rollups`;
  await sql`
    insert into response_rollups (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
    select project_id, date_trunc('hour', created_at, 'UTC'), survey_id, channel, coalesce(locale, ''), 0,
           count(*) filter (where score >= 9), count(*) filter (where score between 7 and 8), count(*) filter (where score <= 6),
           array[count(*) filter (where score = 0), count(*) filter (where score = 1), count(*) filter (where score = 2),
                 count(*) filter (where score = 3), count(*) filter (where score = 4), count(*) filter (where score = 5),
                 count(*) filter (where score = 6), count(*) filter (where score = 7), count(*) filter (where score = 8),
                 count(*) filter (where score = 9), count(*) filter (where score = 10)]::integer[]
    from responses group by 1, 2, 3, 4, 5`;
}

/**
 * Bulk-loads answers the way every bench seeds: `load` runs with the rollup trigger off (row-by-row upkeep of a
 * million answers would take minutes), then the rollups are built in one statement and statistics refreshed.
 */
export async function loadResponsesInBulk(sql: Sql, load: () => Promise<unknown>) {
  await sql`alter table responses disable trigger user`;
  try {
    await load();
  } finally {
    await sql`alter table responses enable trigger user`;
  }
  await rebuildRollups(sql);
  await sql`vacuum analyze responses`;
  await sql`vacuum analyze response_rollups`;
}
