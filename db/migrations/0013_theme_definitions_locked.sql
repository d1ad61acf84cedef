-- The theme definitions an answer is matched against, read under the project's shared theme lock in one
-- round trip (see server/services/themes/definitions.ts for what the lock guards). It is a PL/pgSQL
-- function because the read must see every theme change committed before the lock was granted: under
-- READ COMMITTED each statement of a volatile function takes a new snapshot, while a lock and a read in one
-- plain statement share the snapshot taken before the lock was waited for.
CREATE FUNCTION kizuna_theme_definitions_locked(p_project_id text)
RETURNS TABLE (name text, keywords jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('kizuna.themes'), hashtext(p_project_id));
  RETURN QUERY SELECT t.name, t.keywords FROM themes AS t WHERE t.project_id = p_project_id ORDER BY t.created_at, t.id;
END;
$$;
