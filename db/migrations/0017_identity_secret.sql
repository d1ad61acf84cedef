-- Identity verification (README, Security): each project gets its own identity secret; the volatile default
-- gives every existing project a different one.
DROP INDEX "widget_dismissals_person_idx";--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "identity_secret" text DEFAULT ('idn_' || replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')) NOT NULL;--> statement-breakpoint
ALTER TABLE "widget_dismissals" ADD COLUMN "person_external_id" text;--> statement-breakpoint
-- Dismissals now name the person by the customer's id (recording one must not create a person): older ones
-- get theirs from the person they point at.
UPDATE "widget_dismissals" AS d SET "person_external_id" = p."external_id"
  FROM "people" AS p WHERE p."id" = d."person_id";--> statement-breakpoint
CREATE INDEX "widget_dismissals_person_external_idx" ON "widget_dismissals" USING btree ("project_id","person_external_id","survey_id","created_at");