-- response_rollups.shard has been 0 in every row since migration 0011, and nothing reads it. It was kept so
-- that a busy project's counter row could be split should its answers queue on the row lock; since 0025 a new
-- answer touches no rollup row at all (a background fold counts them), so there is no queue left to split.
-- The key goes back to one row per project, hour, survey, channel and locale.
ALTER TABLE "response_rollups" DROP CONSTRAINT "response_rollups_project_id_hour_survey_id_channel_locale_shard_pk";
--> statement-breakpoint
ALTER TABLE "response_rollups" DROP COLUMN "shard";
--> statement-breakpoint
ALTER TABLE "response_rollups" ADD CONSTRAINT "response_rollups_project_id_hour_survey_id_channel_locale_pk" PRIMARY KEY("project_id","hour","survey_id","channel","locale");
--> statement-breakpoint
-- As in 0025, without the column.
CREATE OR REPLACE FUNCTION kizuna_count_answer(
  p_project_id text, p_created_at timestamptz, p_survey_id text, p_channel text, p_locale text, p_score smallint, p_delta integer
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS t (project_id, hour, survey_id, channel, locale, promoters, passives, detractors, scores)
  VALUES (
    p_project_id, date_trunc('hour', p_created_at, 'UTC'), p_survey_id, p_channel, coalesce(p_locale, ''),
    CASE WHEN p_score >= 9 THEN p_delta ELSE 0 END,
    CASE WHEN p_score BETWEEN 7 AND 8 THEN p_delta ELSE 0 END,
    CASE WHEN p_score <= 6 THEN p_delta ELSE 0 END,
    array_fill(0, ARRAY[p_score::int]) || p_delta || array_fill(0, ARRAY[10 - p_score::int]))
  ON CONFLICT (project_id, hour, survey_id, channel, locale) DO UPDATE SET
    promoters = t.promoters + excluded.promoters,
    passives = t.passives + excluded.passives,
    detractors = t.detractors + excluded.detractors,
    scores[p_score + 1] = t.scores[p_score + 1] + p_delta;
$$;
