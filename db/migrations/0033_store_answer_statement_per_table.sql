-- kizuna_store_answer as in migration 0026, written as one plain statement per table instead of one statement
-- of chained CTEs, so that the function touches one project and could be pushed down to that project's shard
-- (Citus: create_distributed_function(..., 'p_project_id', colocate_with := 'projects')): every row it writes
-- takes its project_id from p_project_id, every read names p_project_id, and no INSERT holds a subquery.
-- What it writes and returns is unchanged: nothing unless the project's settings version is p_version and the
-- survey is live; the person (by external id) even when the answer's idempotency key is taken; the case, its
-- first history line and the outbox rows only with a new answer, each delivery not due before its endpoint's
-- backoff.
CREATE OR REPLACE FUNCTION kizuna_store_answer(
  p_project_id text, p_version bigint, p_survey_id text,
  p_answer text, p_person text, p_follow_up text, p_history text, p_deliveries text
) RETURNS TABLE (current boolean, survey_found boolean, stored_id text, person_id text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
  v_version bigint;
  v_person people%ROWTYPE;
  v_person_id text;
  v_answer responses%ROWTYPE;
  v_stored_id text;
  v_follow_up follow_ups%ROWTYPE;
  v_history follow_up_events%ROWTYPE;
  v_delivery webhook_deliveries%ROWTYPE;
  v_backoff timestamptz;
BEGIN
  SELECT settings_version INTO v_version FROM projects WHERE id = p_project_id FOR KEY SHARE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::boolean, false, NULL::text, NULL::text;
    RETURN;
  END IF;
  IF v_version <> p_version THEN
    RETURN QUERY SELECT false, false, NULL::text, NULL::text;
    RETURN;
  END IF;
  PERFORM FROM surveys WHERE project_id = p_project_id AND id = p_survey_id AND deleted_at IS NULL;
  IF NOT FOUND THEN
    RETURN QUERY SELECT true, false, NULL::text, NULL::text;
    RETURN;
  END IF;

  v_person := jsonb_populate_record(NULL::people, p_person::jsonb);
  IF v_person.id IS NOT NULL THEN
    v_person.project_id := p_project_id;
    INSERT INTO people VALUES (v_person.*)
    ON CONFLICT (project_id, external_id) DO UPDATE SET
      email = coalesce(excluded.email, people.email),
      name = coalesce(excluded.name, people.name),
      locale = coalesce(excluded.locale, people.locale),
      traits = people.traits || excluded.traits,
      updated_at = excluded.updated_at
    RETURNING id INTO v_person_id;
  END IF;

  v_answer := jsonb_populate_record(NULL::responses, p_answer::jsonb);
  v_answer.project_id := p_project_id;
  v_answer.person_id := v_person_id;
  INSERT INTO responses VALUES (v_answer.*)
  ON CONFLICT (project_id, idempotency_key) DO NOTHING
  RETURNING id INTO v_stored_id;
  IF v_stored_id IS NULL THEN
    RETURN QUERY SELECT true, true, NULL::text, v_person_id;
    RETURN;
  END IF;

  v_follow_up := jsonb_populate_record(NULL::follow_ups, p_follow_up::jsonb);
  IF v_follow_up.id IS NOT NULL THEN
    v_follow_up.project_id := p_project_id;
    v_follow_up.person_id := v_person_id;
    INSERT INTO follow_ups VALUES (v_follow_up.*);
    v_history := jsonb_populate_record(NULL::follow_up_events, p_history::jsonb);
    IF v_history.id IS NOT NULL THEN
      v_history.project_id := p_project_id;
      INSERT INTO follow_up_events VALUES (v_history.*);
    END IF;
  END IF;

  -- In the order given: an endpoint's deliveries are sent in the order they were queued.
  FOR v_delivery IN SELECT * FROM jsonb_populate_recordset(NULL::webhook_deliveries, p_deliveries::jsonb) LOOP
    SELECT backoff_until INTO v_backoff FROM webhook_endpoints WHERE project_id = p_project_id AND id = v_delivery.endpoint_id;
    INSERT INTO webhook_deliveries (id, project_id, endpoint_id, event_id, event_type, body, next_attempt_at, created_at)
    VALUES (v_delivery.id, p_project_id, v_delivery.endpoint_id, v_delivery.event_id, v_delivery.event_type, v_delivery.body,
            greatest(v_delivery.next_attempt_at, v_backoff), v_delivery.created_at);
  END LOOP;

  RETURN QUERY SELECT true, true, v_stored_id, v_person_id;
END;
$$;
