ALTER TABLE "inquiries" DROP CONSTRAINT "inquiries_topic_id_topics_id_fk";
--> statement-breakpoint
ALTER TABLE "inquiries" DROP CONSTRAINT "inquiries_market_id_markets_id_fk";
--> statement-breakpoint
-- Referential integrity for inquiries' topic and market, checked once per statement: a batch that
-- names a topic or market that does not exist is refused whole, with the same SQLSTATE a foreign key
-- raises. Topics and markets are never deleted (they are archived or merged), which the guards below
-- enforce, so a stored inquiry can never lose its parent.
CREATE FUNCTION inquiries_check_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT format('topic_id %s', n.topic_id) INTO missing FROM new_rows n
  WHERE NOT EXISTS (SELECT 1 FROM topics t WHERE t.id = n.topic_id) LIMIT 1;
  IF missing IS NULL THEN
    SELECT format('market_id %s', n.market_id) INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM markets m WHERE m.id = n.market_id) LIMIT 1;
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'inquiries reference a % that does not exist', missing USING ERRCODE = '23503';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER inquiries_keys_insert AFTER INSERT ON inquiries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiries_check_keys();
--> statement-breakpoint
CREATE TRIGGER inquiries_keys_update AFTER UPDATE ON inquiries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiries_check_keys();
--> statement-breakpoint
CREATE FUNCTION refuse_taxonomy_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% are never deleted: archive or merge them instead', TG_TABLE_NAME USING ERRCODE = '23503';
END $$;
--> statement-breakpoint
CREATE TRIGGER topics_never_deleted BEFORE DELETE ON topics FOR EACH ROW EXECUTE FUNCTION refuse_taxonomy_delete();
--> statement-breakpoint
CREATE TRIGGER markets_never_deleted BEFORE DELETE ON markets FOR EACH ROW EXECUTE FUNCTION refuse_taxonomy_delete();
--> statement-breakpoint
CREATE TRIGGER topics_never_truncated BEFORE TRUNCATE ON topics FOR EACH STATEMENT EXECUTE FUNCTION refuse_taxonomy_delete();
--> statement-breakpoint
CREATE TRIGGER markets_never_truncated BEFORE TRUNCATE ON markets FOR EACH STATEMENT EXECUTE FUNCTION refuse_taxonomy_delete();
