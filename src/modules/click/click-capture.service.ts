import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { HotPathRedis } from '../../queue/hot-path-redis.js';
import { CLICK_EVENT_FIELD, ClickEvent, encodeClickEvent } from './click-event.js';
import { clickStreamKey } from './click-stream.js';

interface PendingClick {
  payload: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Makes a click durable in Redis before the redirect answers: once XADD has
 * returned, the event survives this process dying; the ingest consumer
 * persists it to PostgreSQL whenever PostgreSQL is there. No MAXLEN: trimming
 * could drop events not yet persisted; the consumer deletes what it stored.
 *
 * Clicks that arrive in the same turn of the event loop (under load, every
 * request whose socket was readable) are written as one pipeline at its end:
 * one write and one reply for all of them instead of one each. Each request
 * still waits for its own XADD's answer before it is redirected.
 */
@Injectable()
export class ClickCaptureService {
  private readonly streamKey: string;
  private pending: PendingClick[] = [];

  constructor(
    config: AppConfig,
    private readonly redis: HotPathRedis,
  ) {
    this.streamKey = clickStreamKey(config);
  }

  record(event: ClickEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ payload: encodeClickEvent(event), resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const pipeline = this.redis.pipeline();
    for (const click of batch) pipeline.xadd(this.streamKey, '*', CLICK_EVENT_FIELD, click.payload);
    pipeline.exec().then(
      (results) =>
        batch.forEach((click, i) => {
          const result = results?.[i];
          if (!result) click.reject(new Error('Redis gave no answer for the click'));
          else if (result[0]) click.reject(result[0]);
          else click.resolve();
        }),
      (error: unknown) => batch.forEach((click) => click.reject(error)),
    );
  }
}
