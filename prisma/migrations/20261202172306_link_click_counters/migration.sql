-- AlterTable
ALTER TABLE "links" ADD COLUMN     "bot_clicks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "human_clicks" INTEGER NOT NULL DEFAULT 0;


-- Hand-written below: the trigger that keeps links.human_clicks / bot_clicks equal to
-- the link clicks stored for each link. Statement-level: one UPDATE per batch of
-- stored clicks. Click ingestion locks the batch's messages (in id order) before it
-- inserts, and a link belongs to one message, so two batches never wait on each
-- other's link rows in opposite orders.
CREATE FUNCTION "link_click_counters_of_statement"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE links l
     SET human_clicks = l.human_clicks + c.human, bot_clicks = l.bot_clicks + c.bot
    FROM (SELECT code,
                 count(*) FILTER (WHERE click_class = 'human') AS human,
                 count(*) FILTER (WHERE click_class <> 'human') AS bot
            FROM new_clicks
           WHERE source = 'link'
           GROUP BY code) c
   WHERE l.code = c.code;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "clicks_link_counters" AFTER INSERT ON "clicks"
  REFERENCING NEW TABLE AS new_clicks FOR EACH STATEMENT EXECUTE FUNCTION "link_click_counters_of_statement"();

-- The clicks already stored (one transaction with the trigger).
UPDATE links l
   SET human_clicks = c.human, bot_clicks = c.bot
  FROM (SELECT code,
               count(*) FILTER (WHERE click_class = 'human') AS human,
               count(*) FILTER (WHERE click_class <> 'human') AS bot
          FROM clicks
         WHERE source = 'link'
         GROUP BY code) c
 WHERE l.code = c.code;
