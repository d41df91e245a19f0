CREATE TABLE "journey_phases" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"position" integer NOT NULL,
	"moment_of_truth" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journey_touch_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"phase_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"scale" text NOT NULL,
	"score" integer NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"topic_id" integer,
	"market_id" integer,
	"phase_id" integer,
	"comment" text,
	"source" text NOT NULL,
	"external_id" text,
	"logged_by_token_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_score_check" CHECK (("survey_responses"."metric" = 'nps' and "survey_responses"."scale" = '0-10' and "survey_responses"."score" between 0 and 10)
        or ("survey_responses"."metric" = 'ces' and "survey_responses"."scale" = '1-5' and "survey_responses"."score" between 1 and 5)
        or ("survey_responses"."metric" = 'ces' and "survey_responses"."scale" = '1-7' and "survey_responses"."score" between 1 and 7)),
	CONSTRAINT "survey_responses_comment_length_check" CHECK (char_length("survey_responses"."comment") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "topic_journey" (
	"topic_id" integer PRIMARY KEY NOT NULL,
	"phase_id" integer NOT NULL,
	"touch_point_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journey_touch_points" ADD CONSTRAINT "journey_touch_points_phase_id_journey_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."journey_phases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_phase_id_journey_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."journey_phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_logged_by_token_id_api_tokens_id_fk" FOREIGN KEY ("logged_by_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_journey" ADD CONSTRAINT "topic_journey_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_journey" ADD CONSTRAINT "topic_journey_phase_id_journey_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."journey_phases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_journey" ADD CONSTRAINT "topic_journey_touch_point_id_journey_touch_points_id_fk" FOREIGN KEY ("touch_point_id") REFERENCES "public"."journey_touch_points"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journey_phases_key_key" ON "journey_phases" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_touch_points_key_key" ON "journey_touch_points" USING btree ("key");--> statement-breakpoint
CREATE INDEX "journey_touch_points_phase_idx" ON "journey_touch_points" USING btree ("phase_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_source_external_id_key" ON "survey_responses" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "survey_responses_answered_at_idx" ON "survey_responses" USING btree ("answered_at");--> statement-breakpoint
CREATE INDEX "survey_responses_topic_idx" ON "survey_responses" USING btree ("topic_id","answered_at");--> statement-breakpoint
CREATE INDEX "survey_responses_phase_idx" ON "survey_responses" USING btree ("phase_id");--> statement-breakpoint
CREATE INDEX "topic_journey_phase_idx" ON "topic_journey" USING btree ("phase_id");--> statement-breakpoint
-- The five phases Netgain's customer journey map names; an organisation renames, reorders, adds or
-- removes them through the journey API.
INSERT INTO "journey_phases" ("key", "name", "position") VALUES
  ('need', 'Need arises', 1),
  ('search', 'Search', 2),
  ('agreement', 'Agreement', 3),
  ('use', 'Use', 4),
  ('end', 'End', 5);
