-- Keeps response_rollups exact: every insert, delete, or change of a counted column of a response moves
-- one count in the rollup row of its hour. Written as a trigger so that every writer (the API, imports,
-- manual fixes in psql) keeps the metrics right, not only the code paths that remember to.
CREATE FUNCTION kizuna_count_response(r responses, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS t (project_id, hour, survey_id, channel, locale, promoters, passives, detractors)
  VALUES (
    r.project_id, date_trunc('hour', r.created_at, 'UTC'), r.survey_id, r.channel, coalesce(r.locale, ''),
    CASE WHEN r.score >= 9 THEN delta ELSE 0 END,
    CASE WHEN r.score BETWEEN 7 AND 8 THEN delta ELSE 0 END,
    CASE WHEN r.score <= 6 THEN delta ELSE 0 END)
  ON CONFLICT (project_id, hour, survey_id, channel, locale) DO UPDATE SET
    promoters = t.promoters + excluded.promoters,
    passives = t.passives + excluded.passives,
    detractors = t.detractors + excluded.detractors;
$$;
--> statement-breakpoint
CREATE FUNCTION kizuna_rollup_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM kizuna_count_response(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM kizuna_count_response(NEW, 1); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER responses_rollup_insert AFTER INSERT OR DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION kizuna_rollup_response();
--> statement-breakpoint
CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses
  FOR EACH ROW
  WHEN ((OLD.score, OLD.created_at, OLD.survey_id, OLD.channel, OLD.locale, OLD.project_id)
        IS DISTINCT FROM (NEW.score, NEW.created_at, NEW.survey_id, NEW.channel, NEW.locale, NEW.project_id))
  EXECUTE FUNCTION kizuna_rollup_response();
--> statement-breakpoint
-- Answers stored before this migration.
INSERT INTO response_rollups (project_id, hour, survey_id, channel, locale, promoters, passives, detractors)
SELECT project_id, date_trunc('hour', created_at, 'UTC'), survey_id, channel, coalesce(locale, ''),
       count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score BETWEEN 7 AND 8), count(*) FILTER (WHERE score <= 6)
FROM responses
GROUP BY 1, 2, 3, 4, 5;
