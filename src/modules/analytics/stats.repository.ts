import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { TimeToClick } from './metrics/campaign-metrics.js';
import type { GroupKey, MetricCell } from './metrics/metric-cell.js';

/** Time-to-click percentiles for one group; variant/segment are null where the group does not split by them. */
export interface TimeToClickRow extends TimeToClick {
  variant: string | null;
  segment: string | null;
}

/**
 * Per-message seconds from base to the first human click, metrics.md: base is
 * the delivery receipt when it is not later than the click, else the time the
 * provider accepted the message. Null when neither exists (never sent).
 */
const SECONDS_TO_FIRST_CLICK = Prisma.sql`
  EXTRACT(EPOCH FROM first_human_click_at - CASE WHEN delivered_at <= first_human_click_at THEN delivered_at ELSE accepted_at END)::float8`;

export interface CampaignCellRow extends MetricCell {
  campaignId: string;
}

/** The sums of a MetricCell over the grouped messages: one list, for every grouping. */
const CELL_COUNTS = Prisma.sql`
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

/**
 * The stats queries: one pass over a campaign's messages each, reading only
 * the counters that click ingestion, receipts, opt-outs and conversions keep
 * current on the message row. The campaign's own counts (GET /v1/campaigns/{id})
 * come from CampaignRepository; these are the analytics.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Counts per (variant, segment, status): at most variants x segments x 8 rows, whatever the campaign's size. */
  metricCells(campaignId: string): Promise<MetricCell[]> {
    return this.prisma.$queryRaw<MetricCell[]>`
      SELECT variant, segment, ${CELL_COUNTS}
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid
       GROUP BY variant, segment, status`;
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
             percentile_disc(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
             percentile_disc(0.9) WITHIN GROUP (ORDER BY seconds) AS p90
        FROM (SELECT variant, segment, ${SECONDS_TO_FIRST_CLICK} AS seconds
                FROM messages
               WHERE campaign_id = ${campaignId}::uuid AND first_human_click_at IS NOT NULL) clicked
       WHERE seconds IS NOT NULL
       GROUP BY ${groupSets}`;
  }

  /** Cells of several campaigns at once, per campaign and status (the account overview: no variant or segment split). */
  campaignCells(campaignIds: readonly string[]): Promise<CampaignCellRow[]> {
    if (campaignIds.length === 0) return Promise.resolve([]);
    const ids = Prisma.join(campaignIds.map((id) => Prisma.sql`${id}::uuid`));
    return this.prisma.$queryRaw<CampaignCellRow[]>`
      SELECT campaign_id AS "campaignId", '' AS variant, '' AS segment, ${CELL_COUNTS}
        FROM messages
       WHERE campaign_id IN (${ids})
       GROUP BY campaign_id, status`;
  }
}
