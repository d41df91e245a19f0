CREATE TABLE "case_fixes" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"fix_day" date NOT NULL,
	"offsets_days" integer[] NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_fixes_offsets_check" CHECK (cardinality("case_fixes"."offsets_days") between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "followup_measurements" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"offset_days" integer,
	"as_of" date NOT NULL,
	"fix_day" date NOT NULL,
	"windows" jsonb NOT NULL,
	"counts" jsonb NOT NULL,
	"figures" jsonb NOT NULL,
	"verdict" text NOT NULL,
	"judgement" jsonb NOT NULL,
	"sentence_en" text NOT NULL,
	"sentence_nb" text NOT NULL,
	"case_status" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followup_measurements_kind_check" CHECK ("followup_measurements"."kind" in ('scheduled','manual')),
	CONSTRAINT "followup_measurements_offset_check" CHECK (("followup_measurements"."kind" = 'scheduled') = ("followup_measurements"."offset_days" IS NOT NULL)),
	CONSTRAINT "followup_measurements_verdict_check" CHECK ("followup_measurements"."verdict" in ('improved','no_change','worsened','insufficient_data'))
);
--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_kind_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_spike_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ALTER COLUMN "target_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "case_fixes" ADD CONSTRAINT "case_fixes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_measurements" ADD CONSTRAINT "followup_measurements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "followup_measurements_case_idx" ON "followup_measurements" USING btree ("case_id","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "followup_measurements_scheduled_key" ON "followup_measurements" USING btree ("case_id","offset_days","as_of") WHERE "followup_measurements"."kind" = 'scheduled';--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_case_day_key" ON "notification_deliveries" USING btree ("case_id","address","day") WHERE "notification_deliveries"."kind" = 'case_followup';--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (("notification_deliveries"."target_id" IS NULL) <> ("notification_deliveries"."address" IS NULL));--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_case_check" CHECK (("notification_deliveries"."kind" = 'case_followup') = ("notification_deliveries"."case_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_kind_check" CHECK ("notification_deliveries"."kind" in ('spike_opened','spike_grew','digest','case_followup'));--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_spike_check" CHECK (("notification_deliveries"."kind" in ('spike_opened','spike_grew')) = ("notification_deliveries"."spike_id" IS NOT NULL));