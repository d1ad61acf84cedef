-- Where a survey is asked: 'web' (the widget on the customer's site), 'email' (signed score links, also the
-- Delighted-compatible send). Every existing survey keeps being asked both ways, as before.
ALTER TABLE "surveys" ADD COLUMN "channels" text[] DEFAULT '{web,email}'::text[] NOT NULL;
--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_channels_check"
  CHECK (cardinality("channels") BETWEEN 1 AND 2 AND "channels" <@ ARRAY['web', 'email']::text[]);
--> statement-breakpoint
-- The widget's public reply is named by the settings version (its ETag), so a change of channels must bump it
-- like any other field the widget sees: the trigger's column list gains the new column.
DROP TRIGGER surveys_settings_version_update ON surveys;
--> statement-breakpoint
CREATE TRIGGER surveys_settings_version_update BEFORE UPDATE ON surveys
  FOR EACH ROW WHEN (
    (OLD.name, OLD.kind, OLD.status, OLD.question, OLD.follow_up_question, OLD.default_locale, OLD.targeting, OLD.appearance, OLD.channels, OLD.deleted_at)
    IS DISTINCT FROM (NEW.name, NEW.kind, NEW.status, NEW.question, NEW.follow_up_question, NEW.default_locale, NEW.targeting, NEW.appearance, NEW.channels, NEW.deleted_at)
  ) EXECUTE FUNCTION kizuna_bump_settings_version_first();
