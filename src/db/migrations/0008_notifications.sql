CREATE TABLE "notification_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"target_id" integer NOT NULL,
	"kind" text NOT NULL,
	"spike_id" integer,
	"day" date NOT NULL,
	"peak_value" double precision,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"html" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_deliveries_kind_check" CHECK ("notification_deliveries"."kind" in ('spike_opened','spike_grew','digest')),
	CONSTRAINT "notification_deliveries_status_check" CHECK ("notification_deliveries"."status" in ('pending','sent','failed')),
	CONSTRAINT "notification_deliveries_spike_check" CHECK (("notification_deliveries"."kind" = 'digest') = ("notification_deliveries"."spike_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "notification_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"topic_id" integer,
	"market_id" integer,
	"spikes" boolean DEFAULT true NOT NULL,
	"digest" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_targets_kind_check" CHECK ("notification_targets"."kind" in ('slack','email'))
);
--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_target_id_notification_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."notification_targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_spike_id_spikes_id_fk" FOREIGN KEY ("spike_id") REFERENCES "public"."spikes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_targets" ADD CONSTRAINT "notification_targets_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_targets" ADD CONSTRAINT "notification_targets_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_spike_day_key" ON "notification_deliveries" USING btree ("target_id","spike_id","day") WHERE "notification_deliveries"."spike_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_digest_day_key" ON "notification_deliveries" USING btree ("target_id","day") WHERE "notification_deliveries"."kind" = 'digest';--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE "notification_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_deliveries_spike_idx" ON "notification_deliveries" USING btree ("spike_id");