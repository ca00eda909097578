import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/**
 * The Redis connection of the redirect's hot path (link lookups, click
 * capture). Commands fail fast instead of queueing while Redis is away
 * (no offline queue, a short command timeout), so a Redis outage shows up as
 * an error the redirect can handle rather than as requests hanging; and
 * concurrent requests' commands share round trips (auto-pipelining).
 */
@Injectable()
export class HotPathRedis extends Redis implements OnModuleInit, OnModuleDestroy {
  constructor(config: AppConfig) {
    super(config.REDIS_URL, {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
    });
    // Errors reach callers through their commands; without a listener ioredis prints each reconnect failure.
    this.on('error', () => undefined);
  }

  /** Without an offline queue, commands sent before the connection is up would fail: wait for it (briefly) at boot. */
  async onModuleInit(): Promise<void> {
    if (this.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      this.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.quit().catch(() => this.disconnect());
  }
}

/** Every key this app writes outside BullMQ sits under QUEUE_PREFIX, so deployments and test suites never collide. */
export function appRedisKey(config: AppConfig, ...parts: string[]): string {
  return [config.QUEUE_PREFIX, ...parts].join(':');
}
