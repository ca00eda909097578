import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from './metrics.service.js';
import { QueueStatsService, WATCHED_JOB_STATES } from './queue-stats.service.js';

/**
 * `smslinks_queue_jobs{queue,state}`, read from Redis when Prometheus scrapes
 * (no polling loop). A queue that cannot be read is left out of that scrape and
 * flagged in `smslinks_queue_scrape_errors{queue}` = 1, so a Redis outage shows
 * up as missing series plus that flag rather than as a hung /metrics.
 */
@Injectable()
export class QueueDepthGauge {
  private readonly logger = new Logger(QueueDepthGauge.name);

  readonly scrapeErrors: Gauge<'queue'>;
  readonly jobs: Gauge<'queue' | 'state'>;

  constructor(metrics: MetricsService, stats: QueueStatsService) {
    const logger = this.logger;
    const scrapeErrors = new Gauge({
      name: 'smslinks_queue_scrape_errors',
      help: '1 when the last scrape could not read this queue from Redis, else 0',
      labelNames: ['queue'] as const,
      registers: [metrics.registry],
    });
    this.scrapeErrors = scrapeErrors;
    this.jobs = new Gauge({
      name: 'smslinks_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting includes prioritized), read at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        await Promise.all(
          stats.queueNames().map(async (queue) => {
            try {
              const depth = await stats.depth(queue);
              for (const state of WATCHED_JOB_STATES) this.set({ queue, state }, depth[state]);
              scrapeErrors.set({ queue }, 0);
            } catch (error) {
              scrapeErrors.set({ queue }, 1);
              logger.warn(`Queue depth unavailable for ${queue}: ${(error as Error).message}`);
            }
          }),
        );
      },
    });
  }
}
