-- Rollups are counted at commit instead of at the row change. The counter row of an hour and segment is
-- shared by every answer in it, so whoever updates it holds its row lock until commit: counted at the
-- insert, an answer's whole transaction (follow-up rules, outbox rows, person upsert) ran under that lock,
-- and concurrent answers queued on it (measured: ~100 answers/s at any concurrency). As deferred
-- constraint triggers the count runs last, just before commit, so the lock is held only for the commit
-- itself — as long as a bare single-row insert holds it. Totals stay exact: every change is still counted,
-- in the same transaction.
DROP TRIGGER responses_rollup_insert ON responses;
--> statement-breakpoint
DROP TRIGGER responses_rollup_update ON responses;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER responses_rollup_insert AFTER INSERT OR DELETE ON responses
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION kizuna_rollup_response();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER responses_rollup_update AFTER UPDATE ON responses
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN ((OLD.score, OLD.created_at, OLD.survey_id, OLD.channel, OLD.locale, OLD.project_id)
        IS DISTINCT FROM (NEW.score, NEW.created_at, NEW.survey_id, NEW.channel, NEW.locale, NEW.project_id))
  EXECUTE FUNCTION kizuna_rollup_response();
