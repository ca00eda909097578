import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { HotPathRedis } from './hot-path-redis.js';
import { RedisService } from './redis.service.js';

/** BullMQ's connection and key prefix, plus the shared Redis clients (general, and the redirect's fail-fast one). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
  ],
  providers: [RedisService, HotPathRedis],
  exports: [RedisService, HotPathRedis],
})
export class QueueModule {}
