CREATE TABLE "spike_days" (
	"spike_id" integer NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"observed" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "spike_days_spike_id_day_pk" PRIMARY KEY("spike_id","day")
);
--> statement-breakpoint
CREATE TABLE "spikes" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" integer NOT NULL,
	"market_id" integer,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"first_day" date NOT NULL,
	"peak_day" date NOT NULL,
	"peak_value" double precision NOT NULL,
	"last_day" date NOT NULL,
	"expected" double precision NOT NULL,
	"score" double precision NOT NULL,
	"dismissed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spikes_kind_check" CHECK ("spikes"."kind" in ('spike','level_shift','ramp','share')),
	CONSTRAINT "spikes_status_check" CHECK ("spikes"."status" in ('open','acknowledged','dismissed','linked','ended'))
);
--> statement-breakpoint
ALTER TABLE "spike_days" ADD CONSTRAINT "spike_days_spike_id_spikes_id_fk" FOREIGN KEY ("spike_id") REFERENCES "public"."spikes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spikes" ADD CONSTRAINT "spikes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spikes" ADD CONSTRAINT "spikes_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spikes_series_idx" ON "spikes" USING btree ("topic_id","market_id","last_day");