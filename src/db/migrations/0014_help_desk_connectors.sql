CREATE TABLE "help_desk_connectors" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"default_market_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"cursor" text,
	"start_from" timestamp with time zone NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_sync_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_desk_connectors_kind_check" CHECK ("help_desk_connectors"."kind" in ('zendesk','webhook'))
);
--> statement-breakpoint
CREATE TABLE "help_desk_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"connector_id" integer NOT NULL,
	"position" integer NOT NULL,
	"match_field" text NOT NULL,
	"match_value" text NOT NULL,
	"topic_id" integer,
	"market_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_desk_rules_target_check" CHECK ("help_desk_rules"."topic_id" IS NOT NULL OR "help_desk_rules"."market_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "help_desk_unmapped" (
	"connector_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"ticket" jsonb NOT NULL,
	"reason" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"times_seen" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "help_desk_unmapped_connector_id_external_id_pk" PRIMARY KEY("connector_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "help_desk_webhook_deliveries" (
	"connector_id" integer NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "help_desk_webhook_deliveries_connector_id_delivery_id_pk" PRIMARY KEY("connector_id","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "help_desk_connectors" ADD CONSTRAINT "help_desk_connectors_default_market_id_markets_id_fk" FOREIGN KEY ("default_market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_desk_rules" ADD CONSTRAINT "help_desk_rules_connector_id_help_desk_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."help_desk_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_desk_rules" ADD CONSTRAINT "help_desk_rules_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_desk_rules" ADD CONSTRAINT "help_desk_rules_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_desk_unmapped" ADD CONSTRAINT "help_desk_unmapped_connector_id_help_desk_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."help_desk_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_desk_webhook_deliveries" ADD CONSTRAINT "help_desk_webhook_deliveries_connector_id_help_desk_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."help_desk_connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "help_desk_connectors_name_key" ON "help_desk_connectors" USING btree ("name");--> statement-breakpoint
CREATE INDEX "help_desk_rules_connector_idx" ON "help_desk_rules" USING btree ("connector_id","position");--> statement-breakpoint
CREATE INDEX "help_desk_webhook_deliveries_received_idx" ON "help_desk_webhook_deliveries" USING btree ("received_at");