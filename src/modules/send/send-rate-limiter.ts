import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../queue/redis.service.js';

/**
 * How long a send over the limit waits. rate-limiter-flexible counts every
 * attempt in the current one-second window, rejected ones included, so
 * `consumed - limit` tells how many sends are already waiting: spreading them
 * over the next windows (plus jitter) keeps a backlog from waking all at once
 * and stampeding the limiter every second.
 */
export function overLimitDelayMs(msBeforeNext: number, consumed: number, perSecond: number, jitter: number): number {
  const queuedAhead = Math.max(0, consumed - perSecond - 1);
  const windowsAhead = Math.floor(queuedAhead / perSecond);
  return Math.max(0, msBeforeNext) + windowsAhead * 1000 + Math.floor(jitter * 200);
}

/**
 * Messages per second per sender (number or Messaging Service), shared by every
 * worker process through Redis. The counter key is the sender alone, so
 * campaigns using one sender share its budget; each checks it against its own
 * rate (campaign.send_rate, else SENDER_MPS).
 */
@Injectable()
export class SendRateLimiter {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** 0 when this send may go now (and it is counted); otherwise the milliseconds to wait before trying again. */
  async reserve(sender: string, perSecond: number | null): Promise<number> {
    const limit = perSecond ?? this.config.SENDER_MPS;
    try {
      await this.limiterFor(limit).consume(sender, 1);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return overLimitDelayMs(rejection.msBeforeNext, rejection.consumedPoints, limit, Math.random());
    }
  }

  private limiterFor(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.config.QUEUE_PREFIX}:send-rate`,
        points,
        duration: 1,
      });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
