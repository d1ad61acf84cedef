-- Back to one counter row per hour and segment (shard 0). Measured at 1M answers spread over a year, the
-- 8 shards of migration 0007 made rollups barely smaller than the answers (NPS for a year: 316 ms instead
-- of 65 ms), while the row-lock queue they were meant to avoid was never measured. The column stays so that
-- sharding can come back for busy projects without a schema change.
CREATE OR REPLACE FUNCTION kizuna_count_response(r responses, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS t (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
  VALUES (
    r.project_id, date_trunc('hour', r.created_at, 'UTC'), r.survey_id, r.channel, coalesce(r.locale, ''), 0,
    CASE WHEN r.score >= 9 THEN delta ELSE 0 END,
    CASE WHEN r.score BETWEEN 7 AND 8 THEN delta ELSE 0 END,
    CASE WHEN r.score <= 6 THEN delta ELSE 0 END,
    ARRAY(SELECT CASE WHEN s = r.score THEN delta ELSE 0 END FROM generate_series(0, 10) AS s ORDER BY s))
  ON CONFLICT (project_id, hour, survey_id, channel, locale, shard) DO UPDATE SET
    promoters = t.promoters + excluded.promoters,
    passives = t.passives + excluded.passives,
    detractors = t.detractors + excluded.detractors,
    scores[r.score + 1] = t.scores[r.score + 1] + delta;
$$;
--> statement-breakpoint
-- Rebuild from the answers with one row per hour and segment.
DELETE FROM response_rollups;
--> statement-breakpoint
INSERT INTO response_rollups (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
SELECT project_id, date_trunc('hour', created_at, 'UTC'), survey_id, channel, coalesce(locale, ''), 0,
       count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score BETWEEN 7 AND 8), count(*) FILTER (WHERE score <= 6),
       ARRAY[count(*) FILTER (WHERE score = 0), count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2),
             count(*) FILTER (WHERE score = 3), count(*) FILTER (WHERE score = 4), count(*) FILTER (WHERE score = 5),
             count(*) FILTER (WHERE score = 6), count(*) FILTER (WHERE score = 7), count(*) FILTER (WHERE score = 8),
             count(*) FILTER (WHERE score = 9), count(*) FILTER (WHERE score = 10)]::integer[]
FROM responses
GROUP BY 1, 2, 3, 4, 5;
