ALTER TABLE "projects" ADD COLUMN "settings_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What an answer is stored with (themes, follow-up rules, webhook endpoints) is cached by each server process
-- and checked against projects.settings_version in the statement that stores the answer, which reads the
-- project row FOR KEY SHARE. A change to those settings bumps the version after locking the row FOR UPDATE:
-- that lock waits for answers in flight (so a theme re-apply pass that starts after the change commits sees
-- them) and makes answers that arrive meanwhile wait, then see the new version and reload.
CREATE FUNCTION kizuna_bump_settings_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  p_project_id text := CASE TG_OP WHEN 'DELETE' THEN OLD.project_id ELSE NEW.project_id END;
BEGIN
  PERFORM 1 FROM projects WHERE id = p_project_id FOR UPDATE;
  UPDATE projects SET settings_version = settings_version + 1 WHERE id = p_project_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER themes_settings_version AFTER INSERT OR UPDATE OR DELETE ON themes
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
-- Rules: not when a rule only records its round-robin turn or its last error, which happens on answers.
CREATE TRIGGER follow_up_rules_settings_version AFTER INSERT OR DELETE ON follow_up_rules
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
CREATE TRIGGER follow_up_rules_settings_version_update AFTER UPDATE ON follow_up_rules
  FOR EACH ROW WHEN (
    (OLD.survey_id, OLD.enabled, OLD.position, OLD.conditions, OLD.action, OLD.created_at)
    IS DISTINCT FROM (NEW.survey_id, NEW.enabled, NEW.position, NEW.conditions, NEW.action, NEW.created_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
-- Endpoints: not when the dispatcher records failures or backoff (an answer reads backoff_until in its statement).
CREATE TRIGGER webhook_endpoints_settings_version AFTER INSERT OR DELETE ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
CREATE TRIGGER webhook_endpoints_settings_version_update AFTER UPDATE ON webhook_endpoints
  FOR EACH ROW WHEN (
    (OLD.events, OLD.filters, OLD.format, OLD.enabled, OLD.deleted_at)
    IS DISTINCT FROM (NEW.events, NEW.filters, NEW.format, NEW.enabled, NEW.deleted_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version();
--> statement-breakpoint
-- The theme lock of migration 0013 becomes the project row's lock, so one lock guards every setting: the
-- answer's transaction (the path for answers the one statement does not take) and each re-apply batch hold
-- it FOR KEY SHARE, a theme change FOR UPDATE.
CREATE OR REPLACE FUNCTION kizuna_theme_definitions_locked(p_project_id text)
RETURNS TABLE (name text, keywords jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM 1 FROM projects WHERE id = p_project_id FOR KEY SHARE;
  RETURN QUERY SELECT t.name, t.keywords FROM themes AS t WHERE t.project_id = p_project_id ORDER BY t.created_at, t.id;
END;
$$;
--> statement-breakpoint
-- A new answer, its person, its follow-up case and its webhook deliveries in one statement: the ingest path
-- of server/services/responses/one-statement.ts, which works out every row in the process from the answer and
-- the project's cached settings, and passes them as JSON in the tables' own column names.
-- - `settings` locks the project row FOR KEY SHARE (as the answer's foreign key would) and tells whether the
--   settings the process planned with are still current (see kizuna_bump_settings_version above).
-- - Nothing is written unless the settings are current and the survey is live; an answer whose idempotency
--   key is taken writes nothing either (the caller's transaction path merges it into the stored answer).
-- - The person and the case take the person id the upsert returns (an existing person keeps theirs).
-- - Deliveries wait while their endpoint backs off, read here: backoff changes with every failed delivery and
--   does not bump the version.
-- A function so that its plan is made once per connection (the pool plans every other statement for its
-- parameters, and planning this one each time costs more than running it: 0.4 of 1.0 ms of Postgres CPU).
CREATE FUNCTION kizuna_store_answer(
  p_project_id text, p_version bigint, p_survey_id text,
  p_answer text, p_person text, p_follow_up text, p_history text, p_deliveries text
) RETURNS TABLE (current boolean, survey_found boolean, stored_id text, person_id text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  with settings as (
    select settings_version = p_version as current from projects where id = p_project_id for key share
  ),
  survey as (
    select id from surveys where id = p_survey_id and project_id = p_project_id and deleted_at is null
  ),
  proceed as (
    select from settings, survey where settings.current
  ),
  person as (
    insert into people
    select p.* from proceed, jsonb_populate_record(null::people, p_person::jsonb) as p
    where p.id is not null
    on conflict (project_id, external_id) do update set
      email = coalesce(excluded.email, people.email),
      name = coalesce(excluded.name, people.name),
      locale = coalesce(excluded.locale, people.locale),
      traits = people.traits || excluded.traits,
      updated_at = excluded.updated_at
    returning id
  ),
  answer as (
    insert into responses
    select r.* from proceed, jsonb_populate_record(null::responses, p_answer::jsonb || jsonb_build_object('person_id', (select id from person))) as r
    on conflict (project_id, idempotency_key) do nothing
    returning id
  ),
  opened as (
    insert into follow_ups
    select f.* from answer, jsonb_populate_record(null::follow_ups, p_follow_up::jsonb || jsonb_build_object('person_id', (select id from person))) as f
    where f.id is not null
    returning id
  ),
  history as (
    insert into follow_up_events
    select h.* from opened, jsonb_populate_record(null::follow_up_events, p_history::jsonb) as h
  ),
  queued as (
    insert into webhook_deliveries (id, project_id, endpoint_id, event_id, event_type, body, next_attempt_at, created_at)
    select d.id, d.project_id, d.endpoint_id, d.event_id, d.event_type, d.body,
           greatest(d.next_attempt_at, (select backoff_until from webhook_endpoints where id = d.endpoint_id)), d.created_at
    from answer, rows from (jsonb_populate_recordset(null::webhook_deliveries, p_deliveries::jsonb)) with ordinality as d
    order by d.ordinality
  )
  select (select current from settings) as current,
         exists (select from survey) as survey_found,
         (select id from answer) as stored_id,
         (select id from person) as person_id;
END;
$$;
