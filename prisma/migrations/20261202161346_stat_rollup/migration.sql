-- AlterTable (hand-edited: generated, so no writer can get metrics.md's time-to-click wrong)
-- First human click minus the delivery receipt when the receipt is not later than the click,
-- else minus the time the provider accepted the message; null without a click.
ALTER TABLE "messages" ADD COLUMN     "time_to_click_seconds" DOUBLE PRECISION GENERATED ALWAYS AS (
  EXTRACT(EPOCH FROM (first_human_click_at - CASE WHEN delivered_at <= first_human_click_at THEN delivered_at ELSE accepted_at END))::double precision
) STORED;

-- CreateTable
CREATE TABLE "message_cells" (
    "campaign_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "status" "message_status" NOT NULL,
    "messages" BIGINT NOT NULL DEFAULT 0,
    "with_provider_id" BIGINT NOT NULL DEFAULT 0,
    "clicked" BIGINT NOT NULL DEFAULT 0,
    "human_clicks" BIGINT NOT NULL DEFAULT 0,
    "bot_clicks" BIGINT NOT NULL DEFAULT 0,
    "qr_scans" BIGINT NOT NULL DEFAULT 0,
    "opted_out" BIGINT NOT NULL DEFAULT 0,
    "opted_out_clicked" BIGINT NOT NULL DEFAULT 0,
    "conversions" BIGINT NOT NULL DEFAULT 0,
    "revenue" DECIMAL(24,4) NOT NULL DEFAULT 0,

    CONSTRAINT "message_cells_pkey" PRIMARY KEY ("campaign_id","variant","segment","status")
);

-- CreateTable
CREATE TABLE "message_cell_deltas" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "status" "message_status" NOT NULL,
    "messages" BIGINT NOT NULL,
    "with_provider_id" BIGINT NOT NULL,
    "clicked" BIGINT NOT NULL,
    "human_clicks" BIGINT NOT NULL,
    "bot_clicks" BIGINT NOT NULL,
    "qr_scans" BIGINT NOT NULL,
    "opted_out" BIGINT NOT NULL,
    "opted_out_clicked" BIGINT NOT NULL,
    "conversions" BIGINT NOT NULL,
    "revenue" DECIMAL(24,4) NOT NULL,

    CONSTRAINT "message_cell_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "message_cell_deltas_campaign_id_idx" ON "message_cell_deltas"("campaign_id");

-- CreateIndex
CREATE INDEX "messages_campaign_id_variant_segment_time_to_click_seconds_idx" ON "messages"("campaign_id", "variant", "segment", "time_to_click_seconds");

-- CreateIndex
CREATE INDEX "messages_campaign_id_delivered_at_idx" ON "messages"("campaign_id", "delivered_at");

-- CreateIndex
CREATE INDEX "messages_campaign_id_first_human_click_at_idx" ON "messages"("campaign_id", "first_human_click_at");

-- DropIndex
DROP INDEX "clicks_campaign_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "clicks_campaign_id_occurred_at_source_click_class_idx" ON "clicks"("campaign_id", "occurred_at", "source", "click_class");


-- Hand-written below: the triggers that keep message_cells + message_cell_deltas equal
-- to a scan of messages (the stats read them instead of scanning a million rows).

-- One delta row per (campaign, variant, segment, status) a statement changed:
-- the new rows' values added, the old rows' values taken away, rows that did
-- not move a cell (an update of sending_at) leaving nothing. Statement-level,
-- so a batch of a thousand click updates appends a handful of rows, and
-- append-only, so concurrent writers never wait on a shared counter row.
-- The cell definitions match analytics/metrics/metric-cell.ts.
CREATE FUNCTION "message_cell_deltas_of_statement"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows'
  END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO message_cell_deltas (campaign_id, variant, segment, status, messages, with_provider_id, clicked, human_clicks,
                                     bot_clicks, qr_scans, opted_out, opted_out_clicked, conversions, revenue)
    SELECT * FROM (
      SELECT campaign_id, variant, segment, status,
             sum(sign) AS messages,
             sum(sign * (provider_sid IS NOT NULL)::int) AS with_provider_id,
             sum(sign * (human_clicks > 0)::int) AS clicked,
             sum(sign * human_clicks) AS human_clicks,
             sum(sign * bot_clicks) AS bot_clicks,
             sum(sign * qr_scans) AS qr_scans,
             sum(sign * (opted_out_at IS NOT NULL)::int) AS opted_out,
             sum(sign * (opted_out_at IS NOT NULL AND human_clicks > 0)::int) AS opted_out_clicked,
             sum(sign * conversion_count) AS conversions,
             sum(sign * conversion_value) AS revenue
        FROM (%s) AS changed
       GROUP BY campaign_id, variant, segment, status
    ) AS cell
    WHERE (messages, with_provider_id, clicked, human_clicks, bot_clicks, qr_scans, opted_out, opted_out_clicked, conversions, revenue)
       <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  $sql$, changed);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "messages_cells_insert" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "message_cell_deltas_of_statement"();
CREATE TRIGGER "messages_cells_update" AFTER UPDATE ON "messages"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "message_cell_deltas_of_statement"();
CREATE TRIGGER "messages_cells_delete" AFTER DELETE ON "messages"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "message_cell_deltas_of_statement"();

-- The messages already there (this migration runs in one transaction with the triggers).
INSERT INTO message_cells (campaign_id, variant, segment, status, messages, with_provider_id, clicked, human_clicks,
                           bot_clicks, qr_scans, opted_out, opted_out_clicked, conversions, revenue)
SELECT campaign_id, variant, segment, status, count(*), count(provider_sid), count(*) FILTER (WHERE human_clicks > 0),
       sum(human_clicks), sum(bot_clicks), sum(qr_scans), count(opted_out_at), count(opted_out_at) FILTER (WHERE human_clicks > 0),
       sum(conversion_count), sum(conversion_value)
  FROM messages
 GROUP BY campaign_id, variant, segment, status;
