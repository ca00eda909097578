import type { AppConfig } from '../../config/app-config.js';
import { appRedisKey } from '../../queue/hot-path-redis.js';

/**
 * The Redis Stream between the redirect and PostgreSQL. NEVER rename the key
 * or the group: events waiting in the old stream would never be persisted.
 */
export function clickStreamKey(config: AppConfig): string {
  return appRedisKey(config, 'clicks');
}

/** The consumer group every ingest worker joins; each event goes to one of them. */
export const CLICK_INGEST_GROUP = 'click-ingest';
