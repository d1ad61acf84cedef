-- The settings version is bumped before the row changes, not after. As AFTER triggers the bump came after the
-- insert's foreign-key check, which share-locks the project row (the RI triggers fire first, by name): two
-- settings created at once in one project each held that share lock and waited for the other's to take the
-- row FOR UPDATE, and Postgres failed one of them as a deadlock. Locking first, the second waits for the first
-- to commit. The lock and the bump are unchanged (migration 0015 says why the row is locked FOR UPDATE).
CREATE FUNCTION kizuna_bump_settings_version_first() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  p_project_id text := CASE TG_OP WHEN 'DELETE' THEN OLD.project_id ELSE NEW.project_id END;
BEGIN
  PERFORM 1 FROM projects WHERE id = p_project_id FOR UPDATE;
  UPDATE projects SET settings_version = settings_version + 1 WHERE id = p_project_id;
  -- A BEFORE trigger's row goes on to be written (NULL would skip it).
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
DROP TRIGGER themes_settings_version ON themes;
--> statement-breakpoint
CREATE TRIGGER themes_settings_version BEFORE INSERT OR UPDATE OR DELETE ON themes
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER follow_up_rules_settings_version ON follow_up_rules;
--> statement-breakpoint
CREATE TRIGGER follow_up_rules_settings_version BEFORE INSERT OR DELETE ON follow_up_rules
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER follow_up_rules_settings_version_update ON follow_up_rules;
--> statement-breakpoint
CREATE TRIGGER follow_up_rules_settings_version_update BEFORE UPDATE ON follow_up_rules
  FOR EACH ROW WHEN (
    (OLD.survey_id, OLD.enabled, OLD.position, OLD.conditions, OLD.action, OLD.created_at)
    IS DISTINCT FROM (NEW.survey_id, NEW.enabled, NEW.position, NEW.conditions, NEW.action, NEW.created_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER webhook_endpoints_settings_version ON webhook_endpoints;
--> statement-breakpoint
CREATE TRIGGER webhook_endpoints_settings_version BEFORE INSERT OR DELETE ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER webhook_endpoints_settings_version_update ON webhook_endpoints;
--> statement-breakpoint
CREATE TRIGGER webhook_endpoints_settings_version_update BEFORE UPDATE ON webhook_endpoints
  FOR EACH ROW WHEN (
    (OLD.events, OLD.filters, OLD.format, OLD.enabled, OLD.deleted_at)
    IS DISTINCT FROM (NEW.events, NEW.filters, NEW.format, NEW.enabled, NEW.deleted_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER surveys_settings_version ON surveys;
--> statement-breakpoint
CREATE TRIGGER surveys_settings_version BEFORE INSERT OR DELETE ON surveys
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP TRIGGER surveys_settings_version_update ON surveys;
--> statement-breakpoint
CREATE TRIGGER surveys_settings_version_update BEFORE UPDATE ON surveys
  FOR EACH ROW WHEN (
    (OLD.name, OLD.kind, OLD.status, OLD.question, OLD.follow_up_question, OLD.default_locale, OLD.targeting, OLD.appearance, OLD.deleted_at)
    IS DISTINCT FROM (NEW.name, NEW.kind, NEW.status, NEW.question, NEW.follow_up_question, NEW.default_locale, NEW.targeting, NEW.appearance, NEW.deleted_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version_first();
--> statement-breakpoint
DROP FUNCTION kizuna_bump_settings_version();
