ALTER TABLE "response_rollups" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "response_rollups" DROP CONSTRAINT "response_rollups_project_id_hour_survey_id_channel_locale_pk";--> statement-breakpoint
ALTER TABLE "response_rollups" ADD CONSTRAINT "response_rollups_project_id_hour_survey_id_channel_locale_shard_pk" PRIMARY KEY("project_id","hour","survey_id","channel","locale","shard");
