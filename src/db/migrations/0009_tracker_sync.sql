CREATE TABLE "tracker_connections" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"team" text,
	"market_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"reconciled_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracker_connections_kind_check" CHECK ("tracker_connections"."kind" in ('jira','github'))
);
--> statement-breakpoint
CREATE TABLE "tracker_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"action_id" integer,
	"connection_id" integer NOT NULL,
	"remote_key" text,
	"remote_url" text,
	"remote_state" text,
	"remote_status" text,
	"resolved_at" timestamp with time zone,
	"sync_state" text DEFAULT 'pending' NOT NULL,
	"last_error" text,
	"last_write_hash" text,
	"last_synced_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracker_links_sync_state_check" CHECK ("tracker_links"."sync_state" in ('pending','synced','error')),
	CONSTRAINT "tracker_links_remote_state_check" CHECK ("tracker_links"."remote_state" in ('open','done','closed_not_done'))
);
--> statement-breakpoint
CREATE TABLE "tracker_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"link_id" integer NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb,
	"revision" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "tracker_outbox_kind_check" CHECK ("tracker_outbox"."kind" in ('create','update','comment','followup_comment')),
	CONSTRAINT "tracker_outbox_status_check" CHECK ("tracker_outbox"."status" in ('pending','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "tracker_webhook_deliveries" (
	"provider" text NOT NULL,
	"delivery_id" text NOT NULL,
	"connection_id" integer,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tracker_webhook_deliveries_provider_delivery_id_pk" PRIMARY KEY("provider","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "tracker_connections" ADD CONSTRAINT "tracker_connections_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_links" ADD CONSTRAINT "tracker_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_links" ADD CONSTRAINT "tracker_links_action_id_case_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."case_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_links" ADD CONSTRAINT "tracker_links_connection_id_tracker_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."tracker_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_outbox" ADD CONSTRAINT "tracker_outbox_link_id_tracker_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."tracker_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracker_webhook_deliveries" ADD CONSTRAINT "tracker_webhook_deliveries_connection_id_tracker_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."tracker_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_connections_name_key" ON "tracker_connections" USING btree ("name");--> statement-breakpoint
CREATE INDEX "tracker_links_case_idx" ON "tracker_links" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_links_remote_key" ON "tracker_links" USING btree ("connection_id","remote_key") WHERE "tracker_links"."remote_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tracker_outbox_due_idx" ON "tracker_outbox" USING btree ("next_attempt_at") WHERE "tracker_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "tracker_outbox_link_idx" ON "tracker_outbox" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_outbox_pending_update_key" ON "tracker_outbox" USING btree ("link_id") WHERE "tracker_outbox"."kind" = 'update' AND "tracker_outbox"."status" = 'pending';