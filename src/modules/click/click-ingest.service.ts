import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ClickEvent, decodeClickEvent } from './click-event.js';
import { enrichClick } from './click-row.js';
import { CLICK_INGEST_GROUP, clickStreamKey } from './click-stream.js';
import { ClickRepository } from './click.repository.js';
import { liveClickChannel, liveClickMessages } from './live-click.js';
import { GeoLocator } from './geo-locator.js';

type StreamEntry = [id: string, fields: string[]];

/** Waits between attempts while PostgreSQL (or Redis) is unavailable: 0.5 s doubling to 10 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, failures - 1));
}

/** One consumer of the group: its own connection, one batch at a time. */
class ClickStreamConsumer {
  private readonly logger = new Logger(ClickIngestService.name);
  private readonly streamKey: string;
  private readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly config: AppConfig;
  private readonly clicks: ClickRepository;
  private readonly geo: GeoLocator;
  private readonly metrics: MetricsService;
  private redis?: Redis;
  private loop?: Promise<void>;
  private stopping = false;
  private lastClaimAt = 0;

  constructor(dependencies: { config: AppConfig; clicks: ClickRepository; geo: GeoLocator; metrics: MetricsService }) {
    ({ config: this.config, clicks: this.clicks, geo: this.geo, metrics: this.metrics } = dependencies);
    this.streamKey = clickStreamKey(this.config);
  }

  start(): void {
    // A connection of its own: XREADGROUP BLOCK holds it while waiting.
    this.redis = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.redis.on('error', (error: Error) => this.logger.warn(`Click stream connection: ${error.message}`));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // Ends a blocking read at once; a batch being persisted finishes or stays pending for the next consumer.
    this.redis?.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.ensureGroup();
        const entries = (await this.claimStale()) ?? (await this.readNew());
        if (entries.length > 0) await this.persistUntilStored(entries);
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        failures++;
        this.logger.warn(`Click ingestion paused (${(error as Error).message}); retrying`);
        await sleep(retryDelayMs(failures));
      }
    }
  }

  private groupReady = false;

  /** Created from the start of the stream, so events written before any worker ever ran are not skipped. */
  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.redis!.xgroup('CREATE', this.streamKey, CLICK_INGEST_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  /** Entries another consumer took but never acknowledged (it died): checked every half claim period. */
  private async claimStale(): Promise<StreamEntry[] | null> {
    const claimAfterMs = this.config.CLICK_INGEST_CLAIM_AFTER_SECONDS * 1000;
    if (Date.now() - this.lastClaimAt < claimAfterMs / 2) return null;
    const [next, entries] = (await this.redis!.xautoclaim(
      this.streamKey, CLICK_INGEST_GROUP, this.consumer, claimAfterMs, '0-0', 'COUNT', this.config.CLICK_INGEST_BATCH,
    )) as [string, StreamEntry[]];
    // More stale entries than one batch: come back for them on the next turn.
    if (next === '0-0') this.lastClaimAt = Date.now();
    const live = entries.filter((entry) => entry !== null && Array.isArray(entry[1]));
    return live.length > 0 ? live : null;
  }

  private async readNew(): Promise<StreamEntry[]> {
    const reply = (await this.redis!.xreadgroup(
      'GROUP', CLICK_INGEST_GROUP, this.consumer, 'COUNT', this.config.CLICK_INGEST_BATCH, 'BLOCK', 1000, 'STREAMS', this.streamKey, '>',
    )) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  /** Retries the same batch until PostgreSQL takes it; the events stay pending (safe) meanwhile. */
  private async persistUntilStored(entries: StreamEntry[]): Promise<void> {
    for (let failures = 0; ; ) {
      try {
        await this.persist(entries);
        return;
      } catch (error) {
        if (this.stopping) throw error;
        failures++;
        this.metrics.errors.inc({ where: 'click_ingest' });
        this.logger.warn(`Storing ${entries.length} clicks failed (${(error as Error).message}); retrying`);
        await sleep(retryDelayMs(failures));
      }
    }
  }

  private async persist(entries: StreamEntry[]): Promise<void> {
    const events: ClickEvent[] = [];
    for (const [id, fields] of entries) {
      const event = decodeClickEvent(fields);
      if (event) events.push(event);
      else this.logger.error(`Unreadable click stream entry ${id} dropped`);
    }
    const deliveredAt = await this.clicks.deliveredAt(events.map((event) => event.messageId));
    const locate = await this.geo.locator();
    const settings = { ipStorage: this.config.CLICK_IP_STORAGE, timingSignalSeconds: this.config.CLICK_TIMING_SIGNAL_SECONDS, locate };
    const rows = events.map((event) => enrichClick(event, deliveredAt.get(event.messageId) ?? null, settings));
    const { counts, stored } = await this.clicks.persistBatch(rows);
    for (const [clickClass, count] of Object.entries(counts)) if (count > 0) this.metrics.clicksPersisted.inc({ class: clickClass }, count);
    const ids = entries.map(([id]) => id);
    // After the commit, with the acknowledgement (one round trip): one message per campaign for the
    // live feed. Pub/sub is fire-and-forget; a feed that is not listening misses nothing it needs.
    const acknowledge = this.redis!.multi().xack(this.streamKey, CLICK_INGEST_GROUP, ...ids).xdel(this.streamKey, ...ids);
    for (const [campaignId, message] of liveClickMessages(rows, stored)) acknowledge.publish(liveClickChannel(this.config, campaignId), message);
    await acknowledge.exec();
  }
}

/**
 * Moves click events from the Redis Stream into PostgreSQL, in batches.
 *
 * Every worker process joins one consumer group. An event is acknowledged
 * (and deleted from the stream) only after the transaction that stored it
 * committed; while PostgreSQL is down the batch is retried with backoff and
 * the stream simply grows. Events left unacknowledged by a consumer that
 * died are claimed by a live one after CLICK_INGEST_CLAIM_AFTER_SECONDS. A
 * replayed event is skipped by its id in PostgreSQL, so each click is stored,
 * and counted, exactly once.
 *
 * Each worker process runs CLICK_INGEST_CONSUMERS consumers of the group,
 * started with the application and stopped before PostgreSQL and Redis close.
 */
@Injectable()
export class ClickIngestService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: ClickStreamConsumer[];

  constructor(config: AppConfig, clicks: ClickRepository, geo: GeoLocator, metrics: MetricsService) {
    this.consumers = Array.from({ length: config.CLICK_INGEST_CONSUMERS }, () => new ClickStreamConsumer({ config, clicks, geo, metrics }));
  }

  onApplicationBootstrap(): void {
    for (const consumer of this.consumers) consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
