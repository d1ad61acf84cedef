import type { Sql } from 'postgres';

/**
 * Builds response_rollups and each project's watermark from the responses in a few statements, exactly as the
 * fold would have (same hour, segment, single counter row and per-score counts). With `tail` > 0 the newest
 * `tail` answers of each project stay after its watermark, as the answers since the last fold do on a busy
 * instance, so that reads pay for adding them; otherwise the watermark is now. Benchmarks load millions of
 * rows with the trigger off and call this.
 */
export async function rebuildRollups(sql: Sql, options: { tail?: number } = {}) {
  const tail = options.tail ?? 0;
  await sql`delete from response_rollups`;
  await sql`delete from rollup_watermarks`;
  await sql`
    insert into rollup_watermarks (project_id, folded_to, sealed_to)
    select id, mark, mark from (
      select p.id, coalesce(
        ${tail > 0 ? sql`(select created_at from responses where project_id = p.id order by created_at desc offset ${tail - 1} limit 1)` : sql`null`},
        date_trunc('milliseconds', now())) as mark
      from projects as p) as marks`;
  await sql`
    insert into response_rollups (project_id, hour, survey_id, channel, locale, promoters, passives, detractors, scores)
    select r.project_id, date_trunc('hour', r.created_at, 'UTC'), r.survey_id, r.channel, coalesce(r.locale, ''),
           count(*) filter (where score >= 9), count(*) filter (where score between 7 and 8), count(*) filter (where score <= 6),
           array[count(*) filter (where score = 0), count(*) filter (where score = 1), count(*) filter (where score = 2),
                 count(*) filter (where score = 3), count(*) filter (where score = 4), count(*) filter (where score = 5),
                 count(*) filter (where score = 6), count(*) filter (where score = 7), count(*) filter (where score = 8),
                 count(*) filter (where score = 9), count(*) filter (where score = 10)]::integer[]
    from responses as r join rollup_watermarks as w on w.project_id = r.project_id
    where r.created_at < w.folded_to
    group by 1, 2, 3, 4, 5`;
}

/**
 * Bulk-loads answers the way every bench seeds: `load` runs with the rollup trigger off (row-by-row upkeep of a
 * million answers would take minutes), then the rollups and watermarks are built in a few statements (with the
 * newest `tail` answers of each project left after the watermark) and statistics refreshed.
 */
export async function loadResponsesInBulk(sql: Sql, load: () => Promise<unknown>, options: { tail?: number } = {}) {
  await sql`alter table responses disable trigger user`;
  try {
    await load();
  } finally {
    await sql`alter table responses enable trigger user`;
  }
  await rebuildRollups(sql, options);
  await sql`vacuum analyze responses`;
  await sql`vacuum analyze response_rollups`;
  await sql`vacuum analyze rollup_watermarks`;
}
