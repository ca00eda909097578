import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { RedisService } from '../../queue/redis.service.js';
import { QueueStatsService } from '../metrics/queue-stats.service.js';
import { HealthRepository } from './health.repository.js';

/** Each probe gets this long; a hung dependency must not hang the load balancer's check. */
export const PROBE_TIMEOUT_MS = 3_000;

/**
 * Readiness: PostgreSQL, Redis and the BullMQ queues. The result keeps
 * terminus's shape (`status`, `info`, `error`, `details`) whether it passes or
 * fails; the controller maps `status` to 200 or 503.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly repository: HealthRepository,
    private readonly redis: RedisService,
    private readonly queues: QueueStatsService,
  ) {}

  async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        this.indicator.check('database').attempt(() => this.repository.ping()).withTimeout(PROBE_TIMEOUT_MS),
        this.indicator.check('redis').attempt(() => this.pingRedis()).withTimeout(PROBE_TIMEOUT_MS),
        this.indicator.check('queues').attempt(() => this.queues.depths()).withTimeout(PROBE_TIMEOUT_MS),
      ]);
    } catch (error) {
      // terminus throws its failing result as a 503 exception; hand the result itself back.
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  private async pingRedis(): Promise<void> {
    const answer = await this.redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
  }
}

/** 200 while every probe is up (or only degraded), 503 otherwise. */
export function httpStatusFor(result: HealthCheckResult): number {
  return result.status === 'ok' || result.status === 'degraded' ? 200 : 503;
}
