CREATE TABLE "response_rollups" (
	"project_id" text NOT NULL,
	"hour" timestamp (3) with time zone NOT NULL,
	"survey_id" text NOT NULL,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"promoters" integer DEFAULT 0 NOT NULL,
	"passives" integer DEFAULT 0 NOT NULL,
	"detractors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "response_rollups_project_id_hour_survey_id_channel_locale_pk" PRIMARY KEY("project_id","hour","survey_id","channel","locale")
);
