import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import type { MessageStatus } from '../../generated/prisma/enums.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { TimeToClickCount } from './time-to-click.js';

export interface CampaignDefinition {
  id: string;
  name: string;
  currency: string;
  variants: string[];
  segments: string[];
  controlVariant: string | null;
  timezone: string;
  holdoutPercent: number;
  attributionWindowHours: number;
}

export type TimeseriesInterval = 'hour' | 'day';

/** Counts of one quarter hour (UTC) starting at `start`. */
export interface QuarterHourCounts {
  start: Date;
  deliveries: number;
  humanClicks: number;
  uniqueClicks: number;
  botClicks: number;
}

/** date_bin's origin: any instant on a quarter hour. */
const QUARTER_ORIGIN = new Date('2000-01-01T00:00:00Z');

export const BREAKDOWN_DIMENSIONS = ['device', 'os', 'browser', 'country', 'city', 'referrer', 'clickClass', 'classReason'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownRow {
  value: string | null;
  /** For city: the city's country, so that two Springfields stay apart. */
  country?: string | null;
  clicks: number;
  uniqueClicks: number;
  botClicks: number;
}

export interface MessageFilter {
  variant?: string;
  segment?: string;
  status?: MessageStatus;
  clicked?: boolean;
}

export interface TopLinkRow {
  destination: string;
  campaignId: string;
  links: number;
  clicks: number;
  uniqueClicks: number;
  botClicks: number;
}

export interface OverviewFilter {
  from?: Date;
  to?: Date;
  /** Campaigns carrying any of these tags. */
  tags?: string[];
}

/** Click columns a breakdown groups by (fixed identifiers, never user text). */
const DIMENSION_COLUMN: Record<BreakdownDimension, string> = {
  device: 'device_type',
  os: 'os',
  browser: 'browser',
  country: 'country',
  city: 'city',
  referrer: 'referrer_host',
  clickClass: 'click_class::text',
  classReason: 'class_reason',
};

/** The analytics reads besides the stats cells; every request-serving method is scoped by accountId or a campaign checked to be the account's. */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async campaignDefinition(accountId: string, campaignId: string): Promise<CampaignDefinition | null> {
    const campaign = await this.prisma.campaign.findFirst({
      where: { id: campaignId, accountId },
      select: {
        id: true, name: true, currency: true, segments: true, controlVariant: true, holdoutPercent: true, attributionWindowHours: true,
        variants: { select: { key: true }, orderBy: { position: 'asc' } },
        account: { select: { timezone: true } },
      },
    });
    if (!campaign) return null;
    const { variants, account, holdoutPercent, ...rest } = campaign;
    return { ...rest, holdoutPercent: holdoutPercent.toNumber(), variants: variants.map((v) => v.key), timezone: account.timezone };
  }

  /**
   * Counts per quarter hour (UTC) of one timestamp: delivery receipts
   * (delivered_at), first human clicks (first_human_click_at), and human and
   * bot link clicks (occurred_at). Quarter hours because every zone in use
   * today is offset from UTC by a multiple of 15 minutes, so they add up
   * exactly into local hours and days (timeseries.ts); date_bin is plain
   * arithmetic where a per-row zone conversion would cost more than the
   * scan, and each series is an index-only scan of its own index.
   */
  async quarterHourSeries(campaignId: string): Promise<QuarterHourCounts[]> {
    const [deliveries, firsts, taps] = await Promise.all([
      this.prisma.$queryRaw<{ bucket: Date; n: number }[]>`
        SELECT date_bin('15 minutes', delivered_at, ${QUARTER_ORIGIN}) AS bucket, count(*)::int AS n
          FROM messages WHERE campaign_id = ${campaignId}::uuid AND delivered_at IS NOT NULL GROUP BY 1`,
      this.prisma.$queryRaw<{ bucket: Date; n: number }[]>`
        SELECT date_bin('15 minutes', first_human_click_at, ${QUARTER_ORIGIN}) AS bucket, count(*)::int AS n
          FROM messages WHERE campaign_id = ${campaignId}::uuid AND first_human_click_at IS NOT NULL GROUP BY 1`,
      this.prisma.$queryRaw<{ bucket: Date; human: number; bot: number }[]>`
        SELECT date_bin('15 minutes', occurred_at, ${QUARTER_ORIGIN}) AS bucket,
               count(*) FILTER (WHERE click_class = 'human')::int AS human, count(*) FILTER (WHERE click_class <> 'human')::int AS bot
          FROM clicks WHERE campaign_id = ${campaignId}::uuid AND source = 'link' GROUP BY 1`,
    ]);
    const byStart = new Map<number, QuarterHourCounts>();
    const at = (bucket: Date) => {
      const key = bucket.getTime();
      let counts = byStart.get(key);
      if (!counts) byStart.set(key, (counts = { start: bucket, deliveries: 0, humanClicks: 0, uniqueClicks: 0, botClicks: 0 }));
      return counts;
    };
    for (const row of deliveries) at(row.bucket).deliveries = row.n;
    for (const row of firsts) at(row.bucket).uniqueClicks = row.n;
    for (const row of taps) Object.assign(at(row.bucket), { humanClicks: row.human, botClicks: row.bot });
    return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /** Link clicks of a campaign by one enrichment dimension, most human clicks first. */
  breakdown(campaignId: string, dimension: BreakdownDimension, limit: number): Promise<BreakdownRow[]> {
    const column = Prisma.raw(DIMENSION_COLUMN[dimension]);
    const withCountry = dimension === 'city';
    const country = withCountry ? Prisma.sql`, country` : Prisma.empty;
    return this.prisma.$queryRaw<BreakdownRow[]>`
      SELECT ${column} AS value ${country},
             count(*) FILTER (WHERE click_class = 'human')::int AS clicks,
             count(DISTINCT message_id) FILTER (WHERE click_class = 'human')::int AS "uniqueClicks",
             count(*) FILTER (WHERE click_class <> 'human')::int AS "botClicks"
        FROM clicks
       WHERE campaign_id = ${campaignId}::uuid AND source = 'link'
       GROUP BY ${column} ${country}
       ORDER BY clicks DESC, "botClicks" DESC, value NULLS LAST
       LIMIT ${limit}`;
  }

  /**
   * Clicked messages per variant and time-to-click bucket of `bounds`
   * (ascending seconds; bucket 0 is below the first, i is [bounds[i-1],
   * bounds[i])): width_bucket over the generated time_to_click_seconds,
   * read from the (campaign_id, variant, segment, time_to_click_seconds) index.
   */
  timeToClickCounts(campaignId: string, bounds: readonly number[]): Promise<TimeToClickCount[]> {
    return this.prisma.$queryRaw<TimeToClickCount[]>`
      SELECT variant, width_bucket(time_to_click_seconds, ${bounds}::float8[])::int AS bucket, count(*)::int AS messages
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid AND time_to_click_seconds IS NOT NULL
       GROUP BY 1, 2
       ORDER BY 1, 2`;
  }

  /** A page of a campaign's messages in id order (time order: ids are UUIDv7), after `afterId`. */
  messagesPage(campaignId: string, filter: MessageFilter, limit: number, afterId?: string) {
    return this.prisma.message.findMany({
      where: {
        campaignId,
        variant: filter.variant,
        segment: filter.segment,
        status: filter.status,
        ...(filter.clicked === true && { humanClicks: { gt: 0 } }),
        ...(filter.clicked === false && { humanClicks: 0 }),
        ...(afterId && { id: { gt: afterId } }),
      },
      orderBy: { id: 'asc' },
      take: limit,
      select: {
        id: true, phone: true, variant: true, segment: true, status: true, providerSid: true, errorCode: true, suppressionReason: true,
        acceptedAt: true, deliveredAt: true, firstHumanClickAt: true, humanClicks: true, botClicks: true, qrScans: true,
        optedOutAt: true, conversionCount: true, conversionValue: true,
        recipient: { select: { externalId: true } },
        links: { select: { code: true, destination: true }, orderBy: { position: 'asc' } },
      },
    });
  }

  /**
   * Destinations of the given campaigns by their short links with a human
   * click, from the per-link counters a trigger on clicks keeps (one pass
   * over the campaigns' links, no join with their clicks).
   */
  topLinks(campaignIds: readonly string[], limit: number): Promise<TopLinkRow[]> {
    if (campaignIds.length === 0) return Promise.resolve([]);
    const ids = Prisma.join(campaignIds.map((id) => Prisma.sql`${id}::uuid`));
    return this.prisma.$queryRaw<TopLinkRow[]>`
      SELECT destination, campaign_id AS "campaignId", count(*)::int AS links,
             sum(human_clicks)::int AS clicks, count(*) FILTER (WHERE human_clicks > 0)::int AS "uniqueClicks",
             sum(bot_clicks)::int AS "botClicks"
        FROM links
       WHERE campaign_id IN (${ids})
       GROUP BY campaign_id, destination
       ORDER BY "uniqueClicks" DESC, clicks DESC, destination
       LIMIT ${limit}`;
  }

  /** The account's launched campaigns matching the overview filter (by launch time, any of the tags). */
  overviewCampaigns(accountId: string, filter: OverviewFilter) {
    return this.prisma.campaign.findMany({
      where: {
        accountId,
        launchedAt: { not: null, ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) },
        ...(filter.tags?.length && { tags: { hasSome: filter.tags } }),
      },
      orderBy: { launchedAt: 'desc' },
      select: { id: true, name: true, status: true, tags: true, currency: true, launchedAt: true, completedAt: true },
    });
  }
}
