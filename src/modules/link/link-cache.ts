import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config.js';
import { appRedisKey, HotPathRedis } from '../../queue/hot-path-redis.js';
import { CampaignLinkSettings, decodeLinkEntry, encodeLinkEntry, LinkEntry, LinkTarget, redirectUrlFor } from './link-target.js';
import { LinkRepository } from './link.repository.js';

/** An unknown code is remembered briefly, so a burst of taps on a mistyped link costs one database query. */
const NOT_FOUND_TTL_MS = 5_000;
const NOT_FOUND = Symbol('not found');
/** Redirect URLs per (campaign, variant, destination): a campaign has a handful, shared by all its links. */
const REDIRECT_URLS_CACHED = 10_000;
/** Codes are base62, so an invalidation message with a colon cannot be a code. */
const CAMPAIGN_MESSAGE_PREFIX = 'campaign:';

export interface WarmLink extends LinkEntry {
  code: string;
}

/**
 * Resolves short codes without waiting on PostgreSQL in the common case:
 * this process's memory (LRU), then Redis (warmed at launch), then the
 * database, whose answer is written back to Redis. Changes to a link
 * (disable, enable) are published so every process drops its copy.
 */
@Injectable()
export class LinkCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LinkCache.name);
  private readonly targets: LRUCache<string, LinkTarget | typeof NOT_FOUND>;
  private readonly campaigns: LRUCache<string, CampaignLinkSettings>;
  private readonly redirectUrls = new LRUCache<string, string>({ max: REDIRECT_URLS_CACHED });
  private subscriber?: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: HotPathRedis,
    private readonly links: LinkRepository,
  ) {
    const ttl = config.LINK_CACHE_TTL_SECONDS * 1000;
    this.targets = new LRUCache({ max: Math.max(config.LINK_CACHE_SIZE, 1), ttl, ttlAutopurge: false });
    this.campaigns = new LRUCache({ max: 10_000, ttl });
  }

  /** Only processes that answer redirects keep copies worth invalidating. */
  async onModuleInit(): Promise<void> {
    if (!this.config.runsHttp) return;
    this.subscriber = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Link invalidation channel: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.forgetLocally(message));
    await this.subscriber.subscribe(this.invalidationChannel());
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The link behind a code, or null when there is none. Throws only when neither Redis nor PostgreSQL can answer. */
  async resolve(code: string): Promise<LinkTarget | null> {
    const cached = this.targets.get(code);
    if (cached !== undefined) return cached === NOT_FOUND ? null : cached;
    const target = (await this.fromRedis(code)) ?? (await this.fromDatabase(code));
    if (target) this.targets.set(code, target);
    else this.targets.set(code, NOT_FOUND, { ttl: NOT_FOUND_TTL_MS });
    return target;
  }

  /** Writes links (and their campaign's settings) to Redis, ahead of the first tap. */
  async warm(campaignId: string, settings: CampaignLinkSettings, links: readonly WarmLink[]): Promise<void> {
    if (links.length === 0) return;
    const pipeline = this.redis.pipeline();
    pipeline.set(this.campaignKey(campaignId), JSON.stringify(settings), 'PX', this.redisTtlMs(null));
    for (const link of links) pipeline.set(this.linkKey(link.code), encodeLinkEntry(link), 'PX', this.redisTtlMs(link.expiresAtMs));
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /** After a link changed in PostgreSQL: the next request anywhere reads it afresh. */
  async invalidate(code: string): Promise<void> {
    this.forgetLocally(code);
    await this.redis.del(this.linkKey(code));
    await this.redis.publish(this.invalidationChannel(), code);
  }

  /** After a campaign's link settings changed (fallback URL, UTM): every process reads them afresh. */
  async forgetCampaign(campaignId: string): Promise<void> {
    this.forgetLocally(`${CAMPAIGN_MESSAGE_PREFIX}${campaignId}`);
    await this.redis.del(this.campaignKey(campaignId));
    await this.redis.publish(this.invalidationChannel(), `${CAMPAIGN_MESSAGE_PREFIX}${campaignId}`);
  }

  /** An invalidation message is a short code, or `campaign:<id>` for all of a campaign's links. */
  private forgetLocally(message: string): void {
    if (!message.startsWith(CAMPAIGN_MESSAGE_PREFIX)) {
      this.targets.delete(message);
      return;
    }
    const campaignId = message.slice(CAMPAIGN_MESSAGE_PREFIX.length);
    this.campaigns.delete(campaignId);
    this.redirectUrls.clear();
    for (const [code, target] of this.targets.entries()) if (target !== NOT_FOUND && target.campaignId === campaignId) this.targets.delete(code);
  }

  private async fromRedis(code: string): Promise<LinkTarget | null> {
    let entry: LinkEntry | null;
    try {
      entry = decodeLinkEntry(await this.redis.get(this.linkKey(code)));
    } catch (error) {
      // Redis away: PostgreSQL can still answer.
      this.logger.warn(`Link lookup in Redis failed, asking PostgreSQL: ${(error as Error).message}`);
      return null;
    }
    if (!entry) return null;
    const settings = await this.campaignSettings(entry.campaignId);
    return settings ? this.toTarget(code, entry, settings) : null;
  }

  private async fromDatabase(code: string): Promise<LinkTarget | null> {
    const row = await this.links.findEntry(code);
    if (!row) return null;
    this.campaigns.set(row.entry.campaignId, row.settings);
    await this.warm(row.entry.campaignId, row.settings, [{ code, ...row.entry }]).catch((error: Error) =>
      this.logger.warn(`Could not cache link ${code} in Redis: ${error.message}`),
    );
    return this.toTarget(code, row.entry, row.settings);
  }

  private async campaignSettings(campaignId: string): Promise<CampaignLinkSettings | null> {
    const cached = this.campaigns.get(campaignId);
    if (cached) return cached;
    const stored = await this.redis.get(this.campaignKey(campaignId)).catch(() => null);
    const settings = stored ? (JSON.parse(stored) as CampaignLinkSettings) : await this.links.campaignSettings(campaignId);
    if (settings) this.campaigns.set(campaignId, settings);
    return settings;
  }

  private toTarget(code: string, entry: LinkEntry, settings: CampaignLinkSettings): LinkTarget {
    return {
      ...entry,
      code,
      accountId: settings.accountId,
      fallbackUrl: settings.fallbackUrl,
      redirectUrl: this.redirectUrl(entry, settings),
    };
  }

  private redirectUrl(entry: LinkEntry, settings: CampaignLinkSettings): string {
    const key = `${entry.campaignId}\n${entry.variant}\n${entry.destination}`;
    let url = this.redirectUrls.get(key);
    if (url === undefined) {
      url = redirectUrlFor(entry, settings);
      this.redirectUrls.set(key, url);
    }
    return url;
  }

  /** Kept LINK_REDIS_TTL_DAYS past launch, or past expiry so the 410 page still answers from Redis. */
  private redisTtlMs(expiresAtMs: number | null): number {
    const keep = this.config.LINK_REDIS_TTL_DAYS * 86_400_000;
    return expiresAtMs === null ? keep : Math.max(expiresAtMs - Date.now(), 0) + keep;
  }

  private linkKey(code: string): string {
    return appRedisKey(this.config, 'links', code);
  }

  private campaignKey(campaignId: string): string {
    return appRedisKey(this.config, 'link-campaigns', campaignId);
  }

  private invalidationChannel(): string {
    return appRedisKey(this.config, 'link-invalidations');
  }
}
