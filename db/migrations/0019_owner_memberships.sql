-- Issue 19, bug 10: the instance owner becomes an admin member of every project that exists (projects made with
-- the admin key had no members, so the owner could not be assigned follow-ups). New projects get it from
-- createProject; an owner created later gets it on first run.
INSERT INTO "memberships" ("project_id", "user_id", "role")
  SELECT p."id", u."id", 'admin' FROM "projects" AS p CROSS JOIN "users" AS u WHERE u."is_owner"
  ON CONFLICT ("project_id", "user_id") DO NOTHING;
