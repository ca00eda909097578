import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { HotPathRedis } from '../../queue/hot-path-redis.js';
import { CLICK_EVENT_FIELD, ClickEvent, encodeClickEvent } from './click-event.js';
import { clickStreamKey } from './click-stream.js';

/**
 * Makes a click durable in Redis before the redirect answers: once XADD has
 * returned, the event survives this process dying; the ingest consumer
 * persists it to PostgreSQL whenever PostgreSQL is there. No MAXLEN: trimming
 * could drop events not yet persisted; the consumer deletes what it stored.
 */
@Injectable()
export class ClickCaptureService {
  private readonly streamKey: string;

  constructor(
    config: AppConfig,
    private readonly redis: HotPathRedis,
  ) {
    this.streamKey = clickStreamKey(config);
  }

  async record(event: ClickEvent): Promise<void> {
    await this.redis.xadd(this.streamKey, '*', CLICK_EVENT_FIELD, encodeClickEvent(event));
  }
}
