-- Keeps inquiry_daily equal to a GROUP BY over inquiries, in the same transaction as the change.
-- Statement-level triggers with transition tables aggregate a whole batch in one upsert, so a
-- 10,000-row insert costs one grouped statement instead of 10,000 row triggers. Keys are upserted
-- in sorted order so concurrent batches lock rollup rows in the same order (no deadlock cycles).
CREATE FUNCTION inquiry_daily_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO inquiry_daily AS d (day, topic_id, market_id, channel, count)
  SELECT day, topic_id, market_id, channel, count(*)::int
  FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (day, topic_id, market_id, channel) DO UPDATE SET count = d.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION inquiry_daily_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE inquiry_daily d SET count = d.count - o.n
  FROM (SELECT day, topic_id, market_id, channel, count(*)::int AS n
        FROM old_rows GROUP BY 1, 2, 3, 4) o
  WHERE d.day = o.day AND d.topic_id = o.topic_id AND d.market_id = o.market_id AND d.channel = o.channel;
  DELETE FROM inquiry_daily d
  USING (SELECT DISTINCT day, topic_id, market_id, channel FROM old_rows) o
  WHERE d.day = o.day AND d.topic_id = o.topic_id AND d.market_id = o.market_id AND d.channel = o.channel
    AND d.count <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION inquiry_daily_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO inquiry_daily AS d (day, topic_id, market_id, channel, count)
  SELECT day, topic_id, market_id, channel, sum(n)::int
  FROM (SELECT day, topic_id, market_id, channel, -1 AS n FROM old_rows
        UNION ALL
        SELECT day, topic_id, market_id, channel, 1 AS n FROM new_rows) changes
  GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (day, topic_id, market_id, channel) DO UPDATE SET count = d.count + excluded.count;
  DELETE FROM inquiry_daily d
  USING (SELECT DISTINCT day, topic_id, market_id, channel FROM old_rows) o
  WHERE d.day = o.day AND d.topic_id = o.topic_id AND d.market_id = o.market_id AND d.channel = o.channel
    AND d.count <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER inquiries_rollup_insert AFTER INSERT ON inquiries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiry_daily_on_insert();
--> statement-breakpoint
CREATE TRIGGER inquiries_rollup_delete AFTER DELETE ON inquiries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiry_daily_on_delete();
--> statement-breakpoint
CREATE TRIGGER inquiries_rollup_update AFTER UPDATE ON inquiries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inquiry_daily_on_update();
