import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { shortLinkUrl } from '../link/call-to-action.js';
import {
  AnalyticsRepository, type BreakdownDimension, type CampaignDefinition, type MessageFilter, type OverviewFilter, type TimeseriesInterval,
} from './analytics.repository.js';
import type { BreakdownView, CampaignSummaryView, MessagePageView, OverviewView, TimeToClickHistogramView, TimeseriesView, TopLinkView } from './dto/analytics.view.js';
import { DEFAULT_TIME_TO_CLICK_BOUNDS, timeToClickHistogram } from './time-to-click.js';
import { metricsOf } from './metrics/campaign-metrics.js';
import { StatsRepository } from './stats.repository.js';
import { filledSeries } from './timeseries.js';
import { isoOrNull } from '../../common/iso-date.js';

const TOP = 10;

/** Timeseries, breakdowns, the messages list, top links and the account overview. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly stats: StatsRepository,
    private readonly config: AppConfig,
  ) {}

  /** The campaign's definition, or a 404 when it is not this account's. */
  async campaign(accountId: string, campaignId: string): Promise<CampaignDefinition> {
    const campaign = await this.analytics.campaignDefinition(accountId, campaignId);
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
    return campaign;
  }

  async timeseries(accountId: string, campaignId: string, interval: TimeseriesInterval): Promise<TimeseriesView> {
    const { timezone } = await this.campaign(accountId, campaignId);
    const quarters = await this.analytics.quarterHourSeries(campaignId);
    return { campaignId, interval, timezone, points: filledSeries(quarters, interval, timezone) };
  }

  /** Clicked messages by time to click (metrics.md's definition), in buckets of `bounds` seconds, per variant. */
  async timeToClick(accountId: string, campaignId: string, bounds: readonly number[] = DEFAULT_TIME_TO_CLICK_BOUNDS): Promise<TimeToClickHistogramView> {
    const { variants } = await this.campaign(accountId, campaignId);
    const counts = await this.analytics.timeToClickCounts(campaignId, bounds);
    const buckets = timeToClickHistogram(counts, bounds, variants);
    return { campaignId, boundsSeconds: [...bounds], messages: buckets.reduce((n, b) => n + b.messages, 0), buckets };
  }

  async breakdown(accountId: string, campaignId: string, by: BreakdownDimension, limit: number): Promise<BreakdownView> {
    await this.campaign(accountId, campaignId);
    const [rows, cells] = await Promise.all([this.analytics.breakdown(campaignId, by, limit), this.stats.campaignCells([campaignId])]);
    // The share is of all the campaign's human clicks, not of the rows returned (limit cuts those).
    const { clicks } = metricsOf(cells, null);
    return { campaignId, by, rows: rows.map((row) => ({ ...row, share: clicks === 0 ? null : row.clicks / clicks })) };
  }

  async messages(accountId: string, campaignId: string, filter: MessageFilter, limit: number, cursor?: string): Promise<MessagePageView> {
    await this.campaign(accountId, campaignId);
    return this.messagePage(campaignId, filter, limit, cursor);
  }

  /** Every message of the filter, page by page (the CSV export); the caller has checked the campaign is the account's. */
  async *allMessages(campaignId: string, filter: MessageFilter, pageSize = 5_000): AsyncGenerator<MessagePageView['data']> {
    let cursor: string | undefined;
    do {
      const page = await this.messagePage(campaignId, filter, pageSize, cursor);
      yield page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private async messagePage(campaignId: string, filter: MessageFilter, limit: number, cursor?: string): Promise<MessagePageView> {
    // One row more than asked says whether another page exists.
    const rows = await this.analytics.messagesPage(campaignId, filter, limit + 1, cursor);
    const page = rows.slice(0, limit);
    const base = this.config.SHORT_LINK_BASE_URL;
    return {
      data: page.map((m) => ({
        id: m.id,
        phone: m.phone,
        externalId: m.recipient.externalId,
        variant: m.variant,
        segment: m.segment,
        status: m.status,
        suppressionReason: m.suppressionReason,
        providerSid: m.providerSid,
        errorCode: m.errorCode,
        shortLinks: m.links.map((link) => ({ code: link.code, url: shortLinkUrl(base, link.code), destination: link.destination })),
        clicks: m.humanClicks,
        botClicks: m.botClicks,
        qrScans: m.qrScans,
        firstClickAt: isoOrNull(m.firstHumanClickAt),
        acceptedAt: isoOrNull(m.acceptedAt),
        deliveredAt: isoOrNull(m.deliveredAt),
        optedOutAt: isoOrNull(m.optedOutAt),
        conversions: m.conversionCount,
        revenue: m.conversionValue.toNumber(),
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async topLinks(accountId: string, campaignId: string, limit: number): Promise<TopLinkView[]> {
    await this.campaign(accountId, campaignId);
    return this.analytics.topLinks([campaignId], limit);
  }

  /** The account's launched campaigns in the range and tags, with their metrics, the top campaigns and the top links. */
  async overview(accountId: string, filter: OverviewFilter): Promise<OverviewView> {
    const campaigns = await this.analytics.overviewCampaigns(accountId, filter);
    const ids = campaigns.map((c) => c.id);
    const [cells, topLinks] = await Promise.all([this.stats.campaignCells(ids), this.analytics.topLinks(ids, TOP)]);
    const summaries: CampaignSummaryView[] = campaigns.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      tags: campaign.tags,
      currency: campaign.currency,
      launchedAt: campaign.launchedAt!.toISOString(),
      metrics: metricsOf(cells.filter((cell) => cell.campaignId === campaign.id), null),
    }));
    const currencies = [...new Set(campaigns.map((c) => c.currency))].sort();
    const revenueByCurrency = currencies.map((currency) => {
      const same = summaries.filter((s) => s.currency === currency);
      return { currency, revenue: same.reduce((n, s) => n + s.metrics.revenue, 0), conversions: same.reduce((n, s) => n + s.metrics.conversions, 0) };
    });
    const totals = metricsOf(cells, null);
    // Revenue in two currencies does not add up to a number.
    const mixed = currencies.length > 1;
    return {
      from: isoOrNull(filter.from ?? null),
      to: isoOrNull(filter.to ?? null),
      tags: filter.tags ?? [],
      totals: mixed ? { ...totals, revenue: null, revenuePerClick: null } : totals,
      revenueByCurrency,
      campaigns: summaries,
      topCampaigns: [...summaries].sort((a, b) => b.metrics.uniqueClicks - a.metrics.uniqueClicks || b.metrics.clicks - a.metrics.clicks).slice(0, TOP).filter((s) => s.metrics.uniqueClicks > 0),
      topLinks,
    };
  }
}
