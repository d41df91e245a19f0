ALTER TABLE "spike_days" ADD COLUMN "raised_by_count" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Days recorded before this column: a share-only day was recorded with kind 'share'.
UPDATE "spike_days" SET "raised_by_count" = ("kind" <> 'share');
