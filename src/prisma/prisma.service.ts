import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PrismaClient } from '../generated/prisma/client.js';

/**
 * The pool behind Prisma. Every connection gets an error listener for its
 * whole life: the adapter listens only while a connection is idle or inside
 * a transaction, and a connection the server terminates in between (a
 * failover, a restart, pg_terminate_backend) would otherwise raise an
 * unhandled 'error' event and take the process down. The query that was
 * using it fails on its own and is retried by its caller.
 */
function resilientPool(config: AppConfig, logger: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const warn = (error: Error) => logger.warn(`PostgreSQL connection lost: ${error.message}`);
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', warn));
  return pool;
}

/** The one PrismaClient of the process, over the pg driver adapter (no native engine). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({ adapter: new PrismaPg(resilientPool(config, new Logger(PrismaService.name)), { disposeExternalPool: true }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
