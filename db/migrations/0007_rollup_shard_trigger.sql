-- Count each answer in one of 8 rows per hour and segment, chosen by its id, so that concurrent answers
-- rarely wait on the same row lock. The score change of an answer (same id) moves counts within one row.
CREATE OR REPLACE FUNCTION kizuna_count_response(r responses, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS t (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors)
  VALUES (
    r.project_id, date_trunc('hour', r.created_at, 'UTC'), r.survey_id, r.channel, coalesce(r.locale, ''),
    (hashtext(r.id) & 7)::smallint,
    CASE WHEN r.score >= 9 THEN delta ELSE 0 END,
    CASE WHEN r.score BETWEEN 7 AND 8 THEN delta ELSE 0 END,
    CASE WHEN r.score <= 6 THEN delta ELSE 0 END)
  ON CONFLICT (project_id, hour, survey_id, channel, locale, shard) DO UPDATE SET
    promoters = t.promoters + excluded.promoters,
    passives = t.passives + excluded.passives,
    detractors = t.detractors + excluded.detractors;
$$;
