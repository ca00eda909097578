import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { TimeToClick } from './metrics/campaign-metrics.js';
import type { ConversionGroup } from './metrics/holdout-lift.js';
import type { GroupKey, MetricCell } from './metrics/metric-cell.js';

/** Time-to-click percentiles for one group; variant/segment are null where the group does not split by them. */
export interface TimeToClickRow extends TimeToClick {
  variant: string | null;
  segment: string | null;
}

export interface CampaignCellRow extends MetricCell {
  campaignId: string;
}

/** The cell sums over message rows (the scan that the rollup must always equal). */
const CELL_COUNTS_BY_SCAN = Prisma.sql`
  status::text AS status,
  count(*)::int AS messages,
  count(provider_sid)::int AS "withProviderId",
  count(*) FILTER (WHERE human_clicks > 0)::int AS clicked,
  sum(human_clicks)::float8 AS "humanClicks",
  sum(bot_clicks)::float8 AS "botClicks",
  sum(qr_scans)::float8 AS "qrScans",
  count(opted_out_at)::int AS "optedOut",
  count(opted_out_at) FILTER (WHERE human_clicks > 0)::int AS "optedOutClicked",
  sum(conversion_count)::float8 AS conversions,
  sum(conversion_value * 10000)::float8 AS "revenueTenThousandths"`;

/** Any constant: serialises folds across processes. */
const FOLD_LOCK_KEY = 7_311_042;

/**
 * The stats queries. Cells come from the rollup (message_cells plus
 * message_cell_deltas, kept by triggers on messages from the counters that
 * click ingestion, receipts, opt-outs and conversions keep current on each
 * message row); time-to-click percentiles from one index of the clicked
 * messages. The campaign's own counts (GET /v1/campaigns/{id}) come from
 * CampaignRepository.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Counts per (variant, segment, status): at most variants x segments x 8
   * rows, whatever the campaign's size. Read from the rollup the messages
   * triggers keep (folded cells plus the deltas not folded yet, in one
   * snapshot), so it costs the same for ten messages or ten million.
   */
  metricCells(campaignId: string): Promise<MetricCell[]> {
    return this.cellsOf(Prisma.sql`${campaignId}::uuid`, Prisma.sql`variant, segment`);
  }

  /** Cells of several campaigns at once, per campaign and status (the account overview: no variant or segment split). */
  async campaignCells(campaignIds: readonly string[]): Promise<CampaignCellRow[]> {
    if (campaignIds.length === 0) return [];
    const ids = Prisma.join(campaignIds.map((id) => Prisma.sql`${id}::uuid`));
    return this.cellsOf(ids, Prisma.sql`campaign_id AS "campaignId", '' AS variant, '' AS segment`, Prisma.sql`campaign_id`) as Promise<CampaignCellRow[]>;
  }

  private cellsOf(campaignIds: Prisma.Sql, key: Prisma.Sql, groupKey: Prisma.Sql = Prisma.sql`variant, segment`): Promise<MetricCell[]> {
    const columns = Prisma.sql`campaign_id, variant, segment, status, messages, with_provider_id, clicked, human_clicks, bot_clicks,
                               qr_scans, opted_out, opted_out_clicked, conversions, revenue`;
    return this.prisma.$queryRaw<MetricCell[]>`
      SELECT ${key}, status::text AS status,
             sum(messages)::float8 AS messages, sum(with_provider_id)::float8 AS "withProviderId", sum(clicked)::float8 AS clicked,
             sum(human_clicks)::float8 AS "humanClicks", sum(bot_clicks)::float8 AS "botClicks", sum(qr_scans)::float8 AS "qrScans",
             sum(opted_out)::float8 AS "optedOut", sum(opted_out_clicked)::float8 AS "optedOutClicked",
             sum(conversions)::float8 AS conversions, sum(revenue * 10000)::float8 AS "revenueTenThousandths"
        FROM (SELECT ${columns} FROM message_cells WHERE campaign_id IN (${campaignIds})
              UNION ALL
              SELECT ${columns} FROM message_cell_deltas WHERE campaign_id IN (${campaignIds})) AS cells
       GROUP BY ${groupKey}, status
      HAVING sum(messages) <> 0`;
  }

  /** The same cells by scanning the campaign's messages: what the rollup must equal (tests and checks). */
  metricCellsByScan(campaignId: string): Promise<MetricCell[]> {
    return this.prisma.$queryRaw<MetricCell[]>`
      SELECT variant, segment, ${CELL_COUNTS_BY_SCAN}
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid
       GROUP BY variant, segment, status`;
  }

  /**
   * Moves the deltas into message_cells: one transaction, so a reader sees
   * them in one table or the other, never both or neither. Serialised by an
   * advisory lock and upserting in key order, so two folds never deadlock.
   * Returns how many deltas were folded.
   */
  async foldCellDeltas(limit = 100_000): Promise<number> {
    const [, folded] = await this.prisma.$transaction([
      this.prisma.$executeRaw`SELECT pg_advisory_xact_lock(${FOLD_LOCK_KEY})`,
      this.prisma.$queryRaw<{ folded: number }[]>`
        WITH moved AS (
          DELETE FROM message_cell_deltas WHERE id IN (SELECT id FROM message_cell_deltas ORDER BY id LIMIT ${limit})
          RETURNING *
        ), summed AS (
          SELECT campaign_id, variant, segment, status, sum(messages) AS messages, sum(with_provider_id) AS with_provider_id,
                 sum(clicked) AS clicked, sum(human_clicks) AS human_clicks, sum(bot_clicks) AS bot_clicks, sum(qr_scans) AS qr_scans,
                 sum(opted_out) AS opted_out, sum(opted_out_clicked) AS opted_out_clicked, sum(conversions) AS conversions, sum(revenue) AS revenue
            FROM moved GROUP BY campaign_id, variant, segment, status
        ), upserted AS (
          INSERT INTO message_cells AS c
          SELECT * FROM summed ORDER BY campaign_id, variant, segment, status
          ON CONFLICT (campaign_id, variant, segment, status) DO UPDATE SET
            messages = c.messages + excluded.messages, with_provider_id = c.with_provider_id + excluded.with_provider_id,
            clicked = c.clicked + excluded.clicked, human_clicks = c.human_clicks + excluded.human_clicks,
            bot_clicks = c.bot_clicks + excluded.bot_clicks, qr_scans = c.qr_scans + excluded.qr_scans,
            opted_out = c.opted_out + excluded.opted_out, opted_out_clicked = c.opted_out_clicked + excluded.opted_out_clicked,
            conversions = c.conversions + excluded.conversions, revenue = c.revenue + excluded.revenue
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM moved)::int AS folded`,
    ]);
    await this.prisma.$executeRaw`DELETE FROM message_cells WHERE messages = 0`;
    return folded[0].folded;
  }

  /**
   * Nearest-rank median and p90 of time-to-click for the whole campaign and
   * for each group of `groupBy`. PostgreSQL's percentile_disc(p) is exactly
   * metrics.md's nearest rank: the first value whose cumulative share of the
   * ordered values reaches p. Groups without a clicked message are absent.
   */
  timeToClick(campaignId: string, groupBy: readonly GroupKey[]): Promise<TimeToClickRow[]> {
    const variant = groupBy.includes('variant') ? Prisma.sql`variant` : Prisma.sql`NULL::text`;
    const segment = groupBy.includes('segment') ? Prisma.sql`segment` : Prisma.sql`NULL::text`;
    const columns = Prisma.join(groupBy.map((key) => Prisma.raw(key)));
    const groupSets = groupBy.length ? Prisma.sql`GROUPING SETS ((${columns}), ())` : Prisma.sql`()`;
    return this.prisma.$queryRaw<TimeToClickRow[]>`
      SELECT ${variant} AS variant, ${segment} AS segment,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY time_to_click_seconds) AS median,
             percentile_disc(0.9) WITHIN GROUP (ORDER BY time_to_click_seconds) AS p90
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid AND time_to_click_seconds IS NOT NULL
       GROUP BY ${groupSets}`;
  }

  /**
   * Per variant, messages that have at least one attributed conversion and
   * their revenue, suppressed ones apart: the treatment side of the holdout
   * lift. Converters are few, so this walks a small partial index.
   */
  convertersByVariant(campaignId: string): Promise<{ variant: string; converters: number; revenueTenThousandths: number }[]> {
    return this.prisma.$queryRaw`
      SELECT variant, count(*)::int AS converters, sum(conversion_value * 10000)::float8 AS "revenueTenThousandths"
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid AND conversion_count > 0 AND status <> 'suppressed'
       GROUP BY variant`;
  }

  /** The held-out recipients, those with an attributed conversion, and their revenue. */
  async holdoutTotals(campaignId: string): Promise<ConversionGroup> {
    const rows = await this.prisma.$queryRaw<ConversionGroup[]>`
      SELECT count(*)::int AS recipients, (count(*) FILTER (WHERE conversion_count > 0))::int AS converters,
             coalesce(sum(conversion_value * 10000), 0)::float8 AS "revenueTenThousandths"
        FROM holdout_members WHERE campaign_id = ${campaignId}::uuid`;
    return rows[0];
  }

  /** Conversions matched to the campaign but later than its window: stored, not counted. */
  async unattributedConversions(campaignId: string): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM conversions WHERE campaign_id = ${campaignId}::uuid AND NOT attributed`;
    return rows[0].count;
  }
}
