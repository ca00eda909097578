import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ANALYTICS_MAINTENANCE_QUEUE } from '../../queue/queues.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { CampaignAnalyticsController } from './campaign-analytics.controller.js';
import { OverviewController } from './overview.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatFoldProcessor } from './stat-fold.processor.js';
import { StatsService } from './stats.service.js';

/** Campaign stats (metrics.md), A/B comparison, timeseries, breakdowns, the messages list, exports and the account overview. */
@Module({
  controllers: [CampaignAnalyticsController, OverviewController],
  providers: [StatsRepository, AnalyticsRepository, StatsService, AnalyticsService],
  exports: [StatsService, StatsRepository, AnalyticsService],
})
export class AnalyticsModule {}

/** The fold of stats deltas into cells; loaded only where workers run. */
@Module({
  imports: [AnalyticsModule, BullModule.registerQueue({ name: ANALYTICS_MAINTENANCE_QUEUE })],
  providers: [StatFoldProcessor],
})
export class AnalyticsWorkerModule {}
