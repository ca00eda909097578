import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';
import { HotPathRedis } from '../../queue/hot-path-redis.js';

/**
 * Unknown-code answers per client IP, shared by every redirect process
 * through Redis. Only 404s are counted, so taps on real links (many phones
 * share a carrier NAT address) are never slowed. Once an IP is over the
 * limit, the block is also kept in this process's memory: an enumeration
 * burst then costs neither Redis nor PostgreSQL a round trip.
 */
@Injectable()
export class NotFoundLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(config: AppConfig, redis: HotPathRedis) {
    const points = config.NOT_FOUND_LIMIT_PER_MINUTE;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.QUEUE_PREFIX}:not-found`,
      points,
      duration: 60,
      inMemoryBlockOnConsumed: points,
      inMemoryBlockDuration: 60,
      // Redis away: count in memory rather than not at all.
      insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
    });
  }

  /** Counts one 404 for the IP; the seconds to wait when it is over the limit, else 0. */
  async retryAfterSeconds(ip: string): Promise<number> {
    try {
      await this.limiter.consume(ip, 1);
      return 0;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  }
}
