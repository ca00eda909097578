import { Injectable } from '@nestjs/common';
import type { CampaignStatsView, GroupMetricsView } from './dto/stats.view.js';
import { AnalyticsService } from './analytics.service.js';
import { abTestOf } from './metrics/ab-test.js';
import { metricsOf, type TimeToClick } from './metrics/campaign-metrics.js';
import { groupCells } from './metrics/group-cells.js';
import type { GroupKey } from './metrics/metric-cell.js';
import { StatsRepository, type TimeToClickRow } from './stats.repository.js';

const percentiles = (row: TimeToClickRow | undefined): TimeToClick | null => (row ? { median: row.median, p90: row.p90 } : null);

@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly analytics: AnalyticsService,
  ) {}

  /** GET /v1/campaigns/{id}/stats: the campaign, its groups and the A/B comparison, per metrics.md. */
  async campaignStats(accountId: string, campaignId: string, groupBy: readonly GroupKey[]): Promise<CampaignStatsView> {
    const campaign = await this.analytics.campaign(accountId, campaignId);
    // Two independent passes over the messages: on two connections, they overlap.
    const [cells, timeToClickRows] = await Promise.all([this.stats.metricCells(campaignId), this.stats.timeToClick(campaignId, groupBy)]);
    const timeToClickOf = (variant?: string, segment?: string) =>
      percentiles(timeToClickRows.find((row) => row.variant === (variant ?? null) && row.segment === (segment ?? null)));
    const definition = { variants: campaign.variants, segments: campaign.segments };
    const groups: GroupMetricsView[] = groupCells(cells, groupBy, definition).map(({ cells: groupCellsOf, ...key }) => ({
      ...key,
      ...metricsOf(groupCellsOf, timeToClickOf(key.variant, key.segment)),
    }));
    const byVariant = groupCells(cells, ['variant'], definition).map((group) => ({ variant: group.variant!, metrics: metricsOf(group.cells, null) }));
    return {
      campaignId,
      currency: campaign.currency,
      groupBy: [...groupBy],
      campaign: metricsOf(cells, timeToClickOf()),
      groups,
      abTest: abTestOf(byVariant, campaign.controlVariant ?? campaign.variants[0]),
      generatedAt: new Date().toISOString(),
    };
  }
}
