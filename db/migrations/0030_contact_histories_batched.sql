-- The widget's contact history (migration 0024) for several identified customers of one project at once: the
-- first page views of new customers that reach a process in the same round of its event loop share one
-- statement (server/services/widget/contact-cache.ts) instead of one round trip each. The ids come as a JSON
-- array (one parameter that both drivers pass as text) and are unpacked once into an array, so every table is
-- still read by index with the project first (one shard on Citus). A function so that its plan is kept, as
-- 0024 explains; it replaces kizuna_contact_history, which nothing calls any more.
CREATE FUNCTION kizuna_contact_histories(p_project_id text, p_external_ids jsonb)
RETURNS TABLE (external_id text, survey_id text, last_answered timestamptz, last_dismissed timestamptz, dismissals integer)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = 'auto'
AS $$
#variable_conflict use_column
DECLARE
  ids text[] := ARRAY(SELECT jsonb_array_elements_text(p_external_ids));
BEGIN
  RETURN QUERY
  SELECT c.external_id, c.survey_id, max(c.last_answered), max(c.last_dismissed), sum(c.dismissals)::integer
  FROM (
    SELECT p.external_id, r.survey_id, max(r.created_at) AS last_answered, NULL::timestamptz AS last_dismissed, 0::bigint AS dismissals
    FROM people AS p
    JOIN responses AS r ON r.project_id = p.project_id AND r.person_id = p.id
    WHERE p.project_id = p_project_id AND p.external_id = ANY (ids) AND r.project_id = p_project_id
    GROUP BY p.external_id, r.survey_id
    UNION ALL
    SELECT d.person_external_id, d.survey_id, NULL, max(d.created_at), count(*)
    FROM widget_dismissals AS d
    WHERE d.project_id = p_project_id AND d.person_external_id = ANY (ids)
    GROUP BY d.person_external_id, d.survey_id
  ) AS c
  GROUP BY c.external_id, c.survey_id;
END;
$$;
--> statement-breakpoint
DROP FUNCTION kizuna_contact_history(text, text);
