ALTER TABLE "inquiry_daily" DROP CONSTRAINT "inquiry_daily_topic_id_topics_id_fk";
--> statement-breakpoint
ALTER TABLE "inquiry_daily" DROP CONSTRAINT "inquiry_daily_market_id_markets_id_fk";
--> statement-breakpoint
DROP INDEX "inquiries_logged_by_idx";--> statement-breakpoint
CREATE INDEX "inquiries_logged_by_idx" ON "inquiries" USING btree ("logged_by_token_id","created_at") WHERE "inquiries"."logged_by_token_id" IS NOT NULL;