-- kizuna_store_answer as in migration 0015, with every table it reads named by its project: the endpoint's
-- backoff is read by (project_id, id), so on a database sharded by project_id the statement stays on one shard.
CREATE OR REPLACE FUNCTION kizuna_store_answer(
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
           greatest(d.next_attempt_at, (select backoff_until from webhook_endpoints where project_id = p_project_id and id = d.endpoint_id)), d.created_at
    from answer, rows from (jsonb_populate_recordset(null::webhook_deliveries, p_deliveries::jsonb)) with ordinality as d
    order by d.ordinality
  )
  select (select current from settings) as current,
         exists (select from survey) as survey_found,
         (select id from answer) as stored_id,
         (select id from person) as person_id;
END;
$$;
