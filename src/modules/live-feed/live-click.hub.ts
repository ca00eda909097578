import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { campaignOfChannel, liveClickChannel, parseLiveClicks, type LiveClick } from '../click/live-click.js';

export interface LiveClickListener {
  clicks(clicks: LiveClick[]): void;
  /** The process is shutting down: end the stream. */
  close(): void;
}

/** What the hub needs of a Redis subscriber connection (ioredis's Redis; a fake in unit tests). */
export type Subscriber = Pick<Redis, 'subscribe' | 'unsubscribe' | 'on' | 'quit' | 'disconnect'>;

/**
 * One Redis subscriber connection per process, shared by every open feed:
 * a campaign's channel is subscribed while at least one feed of it is open,
 * and each pub/sub message is fanned out in memory to that campaign's feeds.
 * The connection is opened by the first feed, so processes nobody watches
 * (workers, the redirect host) never open it. ioredis re-subscribes by
 * itself after a reconnect.
 */
@Injectable()
export class LiveClickHub implements OnModuleDestroy {
  private readonly logger = new Logger(LiveClickHub.name);
  private subscriber?: Subscriber;
  private readonly listeners = new Map<string, Set<LiveClickListener>>();
  /** The SUBSCRIBE of each watched campaign: later feeds wait for it too. */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(private readonly config: AppConfig) {}

  /** Open feeds, all campaigns together. */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Resolves once the campaign's channel is subscribed (clicks published from then on reach the listener); returns its removal. */
  async add(campaignId: string, listener: LiveClickListener): Promise<() => void> {
    let set = this.listeners.get(campaignId);
    if (!set) {
      this.listeners.set(campaignId, (set = new Set()));
      this.subscribed.set(campaignId, this.connection().subscribe(liveClickChannel(this.config, campaignId)));
    }
    set.add(listener);
    const remove = () => this.remove(campaignId, listener);
    try {
      await this.subscribed.get(campaignId);
    } catch (error) {
      remove();
      throw error;
    }
    return remove;
  }

  private remove(campaignId: string, listener: LiveClickListener): void {
    const set = this.listeners.get(campaignId);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(campaignId);
    this.subscribed.delete(campaignId);
    // Commands on one connection run in order: a SUBSCRIBE of a feed opened right after still wins.
    this.subscriber?.unsubscribe(liveClickChannel(this.config, campaignId)).catch((error: Error) => this.logger.warn(`Unsubscribe: ${error.message}`));
  }

  /** The subscriber connection; tests replace it. */
  protected createSubscriber(): Subscriber {
    return new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
  }

  private connection(): Subscriber {
    if (!this.subscriber) {
      this.subscriber = this.createSubscriber();
      this.subscriber.on('error', (error: Error) => this.logger.warn(`Live click subscriber: ${error.message}`));
      this.subscriber.on('message', (channel: string, message: string) => this.fanOut(channel, message));
    }
    return this.subscriber;
  }

  private fanOut(channel: string, message: string): void {
    const campaignId = campaignOfChannel(this.config, channel);
    const set = campaignId ? this.listeners.get(campaignId) : undefined;
    if (!set) return;
    const clicks = parseLiveClicks(message);
    if (clicks.length === 0) return;
    for (const listener of set) {
      try {
        listener.clicks(clicks);
      } catch (error) {
        this.logger.warn(`Live click listener: ${(error as Error).message}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.close();
    this.listeners.clear();
    this.subscribed.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
