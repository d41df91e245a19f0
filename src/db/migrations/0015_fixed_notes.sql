CREATE TABLE "fixed_note_tickets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"note_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"ticket_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "fixed_note_tickets_status_check" CHECK ("fixed_note_tickets"."status" in ('pending','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "fixed_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"title_nb" text,
	"body_nb" text,
	"version" integer DEFAULT 1 NOT NULL,
	"drafted_by" text NOT NULL,
	"approved_by" text,
	"approved_by_user_id" integer,
	"published_at" timestamp with time zone,
	"first_published_at" timestamp with time zone,
	"withdrawn_by" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fixed_notes_status_check" CHECK ("fixed_notes"."status" in ('draft','published','withdrawn')),
	CONSTRAINT "fixed_notes_nb_check" CHECK (("fixed_notes"."title_nb" IS NULL) = ("fixed_notes"."body_nb" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "fixed_note_tickets" ADD CONSTRAINT "fixed_note_tickets_note_id_fixed_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."fixed_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_note_tickets" ADD CONSTRAINT "fixed_note_tickets_connector_id_help_desk_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."help_desk_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_notes" ADD CONSTRAINT "fixed_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fixed_notes" ADD CONSTRAINT "fixed_notes_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fixed_note_tickets_key" ON "fixed_note_tickets" USING btree ("note_id","connector_id","ticket_id");--> statement-breakpoint
CREATE INDEX "fixed_note_tickets_due_idx" ON "fixed_note_tickets" USING btree ("next_attempt_at") WHERE "fixed_note_tickets"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "fixed_notes_case_key" ON "fixed_notes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "fixed_notes_published_idx" ON "fixed_notes" USING btree ("published_at") WHERE "fixed_notes"."status" = 'published';