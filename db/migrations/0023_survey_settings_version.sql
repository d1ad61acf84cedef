-- A survey change bumps the project's settings version, as theme, rule and endpoint changes do (migration 0015):
-- the widget's per-process cache of live surveys (server/services/widget/survey-cache.ts) revalidates by reading
-- that one number instead of the surveys on every page view. Survey edits are rare, so the project row's lock they
-- take (waiting for answers in flight) costs nothing noticeable.
CREATE TRIGGER surveys_settings_version AFTER INSERT OR DELETE ON surveys
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
CREATE TRIGGER surveys_settings_version_update AFTER UPDATE ON surveys
  FOR EACH ROW WHEN (
    (OLD.name, OLD.kind, OLD.status, OLD.question, OLD.follow_up_question, OLD.default_locale, OLD.targeting, OLD.appearance, OLD.deleted_at)
    IS DISTINCT FROM (NEW.name, NEW.kind, NEW.status, NEW.question, NEW.follow_up_question, NEW.default_locale, NEW.targeting, NEW.appearance, NEW.deleted_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version();
