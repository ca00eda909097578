import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { HttpMetricsHook } from './http-metrics.hook.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueDepthGauge } from './queue-depth.gauge.js';
import { queueHandlesProvider, QueueStatsService, WATCHED_QUEUES } from './queue-stats.service.js';
import { WorkerMetricsServer } from './worker-metrics.server.js';

/**
 * Global: every feature increments MetricsService counters; HealthModule reads
 * queue depths through QueueStatsService. HTTP processes serve /metrics through
 * MetricsController, worker-only ones through WorkerMetricsServer (METRICS_PORT).
 */
@Global()
@Module({
  imports: [BullModule.registerQueue(...WATCHED_QUEUES.map((name) => ({ name })))],
  controllers: [MetricsController],
  providers: [MetricsService, queueHandlesProvider, QueueStatsService, QueueDepthGauge, HttpMetricsHook, WorkerMetricsServer],
  exports: [MetricsService, QueueStatsService],
})
export class MetricsModule {}
