import { Injectable } from '@nestjs/common';
import type { CampaignStatsView, GroupMetricsView, HoldoutView } from './dto/stats.view.js';
import { AnalyticsService } from './analytics.service.js';
import { type ConversionGroup, holdoutLiftOf } from './metrics/holdout-lift.js';
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
    // Independent reads (cells, the time-to-click index, conversions, the holdout): on separate connections, they overlap.
    const [cells, timeToClickRows, unattributedConversions, holdoutCounts] = await Promise.all([
      this.stats.metricCells(campaignId),
      this.stats.timeToClick(campaignId, groupBy),
      this.stats.unattributedConversions(campaignId),
      campaign.holdoutPercent > 0 ? Promise.all([this.stats.holdoutTotals(campaignId), this.stats.convertersByVariant(campaignId)]) : null,
    ]);
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
      attribution: { windowHours: campaign.attributionWindowHours, unattributedConversions },
      holdout: holdoutCounts && holdoutView(campaign.holdoutPercent, ...holdoutCounts, byVariant),
      generatedAt: new Date().toISOString(),
    };
  }
}

/** The lift of each variant over the holdout: its recipients are the variant's messages minus suppressed ones (intent to treat). */
function holdoutView(
  percent: number,
  holdout: ConversionGroup,
  converters: Awaited<ReturnType<StatsRepository['convertersByVariant']>>,
  byVariant: { variant: string; metrics: { recipients: number; suppressed: number } }[],
): HoldoutView {
  const treated = byVariant.map(({ variant, metrics }) => {
    const converted = converters.find((row) => row.variant === variant);
    return { variant, recipients: metrics.recipients - metrics.suppressed, converters: converted?.converters ?? 0, revenueTenThousandths: converted?.revenueTenThousandths ?? 0 };
  });
  return { percent, ...holdoutLiftOf(holdout, treated) };
}
