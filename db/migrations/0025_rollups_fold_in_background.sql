-- Answers no longer queue on their hour's counter row. Counted at commit (0012), every answer of a project
-- still took the row lock of the same rollup row and held it until its commit reached disk, so a project's
-- answers committed one after another. Now the rollups count a project's answers up to a watermark only:
-- a background fold (server/services/metrics/fold.ts) moves the watermark forward and adds the answers it
-- passes, and every read adds the answers at or after it (the tail) from the responses themselves.
CREATE TABLE "rollup_watermarks" (
	"project_id" text PRIMARY KEY NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	-- Every answer of the project created before this is counted in response_rollups; none after it is.
	"folded_to" timestamp (3) with time zone NOT NULL,
	-- The next fold's end. The fold counts the answers in [folded_to, sealed_to) before it takes the project's
	-- lock, so that answers wait on it only for a moment; a change to an answer in that range counts in
	-- sealed_changes, and tells the fold to count again under the lock.
	"sealed_to" timestamp (3) with time zone NOT NULL,
	"sealed_changes" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP TRIGGER responses_rollup_insert ON responses;
--> statement-breakpoint
DROP TRIGGER responses_rollup_update ON responses;
--> statement-breakpoint
DROP FUNCTION kizuna_rollup_response();
--> statement-breakpoint
DROP FUNCTION kizuna_count_response(responses, integer);
--> statement-breakpoint
-- One answer's count in its hour's rollup row, moved by p_delta. Plain arguments rather than a responses row,
-- so that the function also runs where the row type is not responses' own (a Citus shard).
CREATE FUNCTION kizuna_count_answer(
  p_project_id text, p_created_at timestamptz, p_survey_id text, p_channel text, p_locale text, p_score smallint, p_delta integer
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO response_rollups AS t (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
  VALUES (
    p_project_id, date_trunc('hour', p_created_at, 'UTC'), p_survey_id, p_channel, coalesce(p_locale, ''), 0,
    CASE WHEN p_score >= 9 THEN p_delta ELSE 0 END,
    CASE WHEN p_score BETWEEN 7 AND 8 THEN p_delta ELSE 0 END,
    CASE WHEN p_score <= 6 THEN p_delta ELSE 0 END,
    array_fill(0, ARRAY[p_score::int]) || p_delta || array_fill(0, ARRAY[10 - p_score::int]))
  ON CONFLICT (project_id, hour, survey_id, channel, locale, shard) DO UPDATE SET
    promoters = t.promoters + excluded.promoters,
    passives = t.passives + excluded.passives,
    detractors = t.detractors + excluded.detractors,
    scores[p_score + 1] = t.scores[p_score + 1] + p_delta;
$$;
--> statement-breakpoint
-- Whether an answer of the project created at p_created_at is already counted in the rollups. The shared lock
-- never blocks another answer; it makes a fold of the project (which takes it exclusively) wait for this
-- transaction to commit, so no answer below a watermark is uncommitted when the fold counts, and an answer
-- written after a fold sees that fold's watermarks (each statement here reads the latest committed ones).
-- An answer between the two watermarks is not counted yet, but the next fold may have counted it already:
-- sealed_changes tells that fold to count again.
CREATE FUNCTION kizuna_answer_folded(p_project_id text, p_created_at timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  folded timestamptz;
  sealed timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('kizuna.rollups'), hashtext(p_project_id));
  SELECT folded_to, sealed_to INTO folded, sealed FROM rollup_watermarks WHERE project_id = p_project_id;
  IF p_created_at < folded THEN
    RETURN true;
  END IF;
  IF p_created_at < sealed THEN
    UPDATE rollup_watermarks SET sealed_changes = sealed_changes + 1 WHERE project_id = p_project_id;
  END IF;
  RETURN false;
END;
$$;
--> statement-breakpoint
-- A new answer is normally after the watermark and touches no rollup row. Only a change to an answer the
-- rollups already count (an import of old answers, a score changed by repeating an idempotency key, a delete)
-- moves the count itself, in its own transaction.
CREATE FUNCTION kizuna_rollup_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND kizuna_answer_folded(OLD.project_id, OLD.created_at) THEN
    PERFORM kizuna_count_answer(OLD.project_id, OLD.created_at, OLD.survey_id, OLD.channel, OLD.locale, OLD.score, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND kizuna_answer_folded(NEW.project_id, NEW.created_at) THEN
    PERFORM kizuna_count_answer(NEW.project_id, NEW.created_at, NEW.survey_id, NEW.channel, NEW.locale, NEW.score, 1);
  END IF;
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
-- The rollups count every answer stored so far, including any dated in the future. Each project's watermark
-- starts at the migration's time, and the rollup rows from that hour on are recounted from the answers
-- before it, so that later answers are the tail and the rollups hold exactly what the watermark says.
INSERT INTO rollup_watermarks (project_id, folded_to, sealed_to)
SELECT id, date_trunc('milliseconds', now()), date_trunc('milliseconds', now()) FROM projects;
--> statement-breakpoint
DELETE FROM response_rollups AS t
USING rollup_watermarks AS w
WHERE t.project_id = w.project_id AND t.hour >= date_trunc('hour', w.folded_to, 'UTC');
--> statement-breakpoint
INSERT INTO response_rollups (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
SELECT r.project_id, date_trunc('hour', r.created_at, 'UTC'), r.survey_id, r.channel, coalesce(r.locale, ''), 0,
       count(*) FILTER (WHERE r.score >= 9), count(*) FILTER (WHERE r.score BETWEEN 7 AND 8), count(*) FILTER (WHERE r.score <= 6),
       ARRAY[count(*) FILTER (WHERE r.score = 0), count(*) FILTER (WHERE r.score = 1), count(*) FILTER (WHERE r.score = 2),
             count(*) FILTER (WHERE r.score = 3), count(*) FILTER (WHERE r.score = 4), count(*) FILTER (WHERE r.score = 5),
             count(*) FILTER (WHERE r.score = 6), count(*) FILTER (WHERE r.score = 7), count(*) FILTER (WHERE r.score = 8),
             count(*) FILTER (WHERE r.score = 9), count(*) FILTER (WHERE r.score = 10)]::integer[]
FROM responses AS r JOIN rollup_watermarks AS w ON w.project_id = r.project_id
WHERE r.created_at >= date_trunc('hour', w.folded_to, 'UTC') AND r.created_at < w.folded_to
GROUP BY 1, 2, 3, 4, 5;
