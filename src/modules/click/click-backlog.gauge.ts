import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../queue/redis.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CLICK_INGEST_GROUP, clickStreamKey } from './click-stream.js';

/**
 * `smslinks_click_stream_events{state}`, read at scrape time: `backlog` is
 * every click in the stream not yet persisted (the consumer deletes what it
 * stored), `pending` those a consumer holds right now. A backlog that keeps
 * growing means ingestion is down or too slow; alert on it.
 */
@Injectable()
export class ClickBacklogGauge {
  constructor(metrics: MetricsService, redis: RedisService, config: AppConfig) {
    const key = clickStreamKey(config);
    new Gauge({
      name: 'smslinks_click_stream_events',
      help: 'Click events in the Redis stream: backlog (not yet persisted) and pending (held by a consumer)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        try {
          const [backlog, pending] = await Promise.all([
            redis.xlen(key),
            // No group yet (no worker ever ran): nothing is pending.
            redis.xpending(key, CLICK_INGEST_GROUP).then((summary) => Number((summary as [number])[0] ?? 0), () => 0),
          ]);
          this.set({ state: 'backlog' }, backlog);
          this.set({ state: 'pending' }, pending);
        } catch {
          // Redis unavailable: the series is missing from this scrape rather than failing /metrics.
        }
      },
    });
  }
}
