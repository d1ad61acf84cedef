CREATE TABLE "unsubscribes" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unsubscribes" ADD CONSTRAINT "unsubscribes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unsubscribes_project_email_key" ON "unsubscribes" USING btree ("project_id",lower("email"));--> statement-breakpoint
CREATE INDEX "unsubscribes_project_created_idx" ON "unsubscribes" USING btree ("project_id","created_at","id");
