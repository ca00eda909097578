import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { LiveClickHub } from './live-click.hub.js';
import { LiveFeedController } from './live-feed.controller.js';
import { LiveFeedService } from './live-feed.service.js';

/** GET /v1/campaigns/{id}/clicks/live: clicks as they are stored, over server-sent events, from Redis pub/sub. */
@Module({
  imports: [AnalyticsModule],
  controllers: [LiveFeedController],
  providers: [LiveClickHub, LiveFeedService],
})
export class LiveFeedModule {}
