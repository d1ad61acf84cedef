CREATE TABLE "survey_links" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"person" jsonb NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_dismissals" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"survey_id" text NOT NULL,
	"person_id" text,
	"anonymous_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_dismissals" ADD CONSTRAINT "widget_dismissals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_dismissals" ADD CONSTRAINT "widget_dismissals_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_dismissals" ADD CONSTRAINT "widget_dismissals_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_links_project_idx" ON "survey_links" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "widget_dismissals_person_idx" ON "widget_dismissals" USING btree ("project_id","person_id","survey_id","created_at");