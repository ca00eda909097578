import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { LiveClickHub } from './live-click.hub.js';
import { sseComment, sseEvent } from './sse.js';

/** Where a feed's frames go: the HTTP response, as far as this service knows. */
export interface FeedSink {
  write(frame: string): void;
  end(): void;
}

/** The live click feed of a campaign: its clicks as server-sent events, as the ingest worker stores them. */
@Injectable()
export class LiveFeedService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly hub: LiveClickHub,
    private readonly config: AppConfig,
  ) {}

  /** Before any byte of the stream: another account's campaign is a 404, a full process a 503. */
  async check(accountId: string, campaignId: string): Promise<void> {
    await this.analytics.campaign(accountId, campaignId);
    if (this.hub.size >= this.config.LIVE_FEED_MAX_STREAMS) {
      throw new DomainError('unavailable', 'live_feed_full', 'Too many live feeds are open on this server; retry shortly');
    }
  }

  /**
   * Subscribes the sink to the campaign's clicks, then says `ready` (clicks
   * stored from then on will be sent), then keeps the stream alive with a
   * comment every LIVE_FEED_HEARTBEAT_SECONDS. Returns the cleanup to run
   * when the client goes away.
   */
  async open(campaignId: string, sink: FeedSink): Promise<() => void> {
    const remove = await this.hub.add(campaignId, {
      clicks: (clicks) => {
        for (const click of clicks) sink.write(sseEvent({ event: 'click', id: click.id, data: click }));
      },
      close: () => sink.end(),
    });
    sink.write(sseEvent({ event: 'ready', data: { campaignId } }));
    const heartbeat = setInterval(() => sink.write(sseComment('keep-alive')), this.config.LIVE_FEED_HEARTBEAT_SECONDS * 1000);
    heartbeat.unref();
    return () => {
      clearInterval(heartbeat);
      remove();
    };
  }
}
