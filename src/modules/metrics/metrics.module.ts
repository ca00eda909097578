import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { Queues } from '../../queue/queues.js';
import { HttpMetricsHook } from './http-metrics.hook.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueDepthGauge } from './queue-depth.gauge.js';
import { QueueStatsService } from './queue-stats.service.js';

/**
 * Global: every feature increments MetricsService counters; HealthModule reads
 * queue depths through QueueStatsService.
 */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: Queues.launch }, { name: Queues.send }, { name: Queues.maintenance })],
  controllers: [MetricsController],
  providers: [MetricsService, QueueStatsService, QueueDepthGauge, HttpMetricsHook],
  exports: [MetricsService, QueueStatsService],
})
export class MetricsModule {}
