import { Module } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { CampaignAnalyticsController } from './campaign-analytics.controller.js';
import { OverviewController } from './overview.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

/** Campaign stats (metrics.md), A/B comparison, timeseries, breakdowns, the messages list, exports and the account overview. */
@Module({
  controllers: [CampaignAnalyticsController, OverviewController],
  providers: [StatsRepository, AnalyticsRepository, StatsService, AnalyticsService],
  exports: [StatsService],
})
export class AnalyticsModule {}
