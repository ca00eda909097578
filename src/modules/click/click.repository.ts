import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service.js';
import { pgArray } from '../link/pg-array.js';
import { clickEventsSql } from '../webhook/webhook-event.publisher.js';
import type { ClickRow } from './click-row.js';

/** link.clicked outbox rows for the batch's newly stored clicks, in the same statement (set-based, nothing per click). */
const EMIT_CLICKS = clickEventsSql('inserted');

export interface PersistedCounts {
  /** Clicks newly stored, by class; events already stored (a replay) are not counted. */
  human: number;
  preview: number;
  scanner: number;
}

export interface PersistedBatch {
  counts: PersistedCounts;
  /** The newly stored clicks' ids, each with its message's variant (for the live feed). */
  stored: Map<string, string | null>;
}

/** Clicks in PostgreSQL: the ingest consumer's batch writes and the reads of the links API. */
@Injectable()
export class ClickRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Delivery receipt times of the batch's messages, for time since delivery and the timing signal. */
  async deliveredAt(messageIds: readonly string[]): Promise<Map<string, Date | null>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; delivered_at: Date | null }[]>(
      'SELECT id, delivered_at FROM messages WHERE id = ANY($1::uuid[])',
      pgArray([...new Set(messageIds)]),
    );
    return new Map(rows.map((row) => [row.id, row.delivered_at]));
  }

  /**
   * Stores a batch of clicks and brings their messages' counters up to date,
   * in one statement, so both happen or neither does. An event already
   * stored (the consumer died between this commit and its acknowledgement,
   * and the event was delivered again) is skipped by its id and adds nothing
   * to the counters: exactly once, however often it is replayed. Clicks on a
   * message that no longer exists are dropped rather than failing the batch.
   *
   * Counters: human link clicks -> human_clicks and first_human_click_at;
   * bot link clicks -> bot_clicks; human QR scans -> qr_scans (apart from
   * clicks, as the API contract says).
   *
   * The same statement appends link.clicked webhook events for the newly
   * stored clicks of accounts with a subscribed endpoint (one INSERT ... SELECT
   * per batch): a replayed event adds no click, so no second event either.
   * It answers with the newly stored clicks (id and the message's variant),
   * which the live feed publishes after the commit.
   */
  async persistBatch(rows: readonly ClickRow[]): Promise<PersistedBatch> {
    const counts: PersistedCounts = { human: 0, preview: 0, scanner: 0 };
    const stored = new Map<string, string | null>();
    if (rows.length === 0) return { counts, stored };
    const column = <K extends keyof ClickRow>(key: K) => pgArray(rows.map((row) => row[key] as string | number | null));
    const result = await this.prisma.$queryRawUnsafe<{ id: string; click_class: keyof PersistedCounts; variant: string | null }[]>(
      `WITH input AS (
         SELECT * FROM unnest(
           $1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::click_source[], $7::click_outcome[], $8::click_class[],
           $9::text[], $10::bool[], $11::float8[], $12::text[], $13::timestamptz[], $14::text[], $15::text[], $16::text[],
           $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[]
         ) AS t(id, code, account_id, campaign_id, message_id, source, outcome, click_class,
                class_reason, timing_signal, seconds_since_delivery, method, occurred_at, ip, user_agent, referrer,
                referrer_host, accept_language, device_type, os, os_version, browser, browser_version, country, city)
       ),
       -- Consumers run batches concurrently: taking the messages' row locks in one order (by id)
       -- before anything else keeps two batches that share messages from deadlocking.
       locked AS MATERIALIZED (
         SELECT id, variant FROM messages WHERE id IN (SELECT message_id FROM input) ORDER BY id FOR NO KEY UPDATE
       ),
       inserted AS (
         INSERT INTO clicks (id, code, account_id, campaign_id, message_id, source, outcome, click_class,
                             class_reason, timing_signal, seconds_since_delivery, method, occurred_at, ip, user_agent, referrer,
                             referrer_host, accept_language, device_type, os, os_version, browser, browser_version, country, city)
         SELECT i.* FROM input i WHERE i.message_id IN (SELECT id FROM locked)
         ON CONFLICT (id) DO NOTHING
         RETURNING id, account_id, campaign_id, message_id, source, click_class, occurred_at
       ),
       emitted AS (${EMIT_CLICKS}),
       per_message AS (
         SELECT message_id,
                count(*) FILTER (WHERE source = 'link' AND click_class = 'human') AS human,
                count(*) FILTER (WHERE source = 'link' AND click_class <> 'human') AS bot,
                count(*) FILTER (WHERE source = 'qr' AND click_class = 'human') AS scans,
                min(occurred_at) FILTER (WHERE source = 'link' AND click_class = 'human') AS first_human
           FROM inserted GROUP BY message_id
       ),
       updated AS (
         UPDATE messages m
            SET human_clicks = m.human_clicks + p.human,
                bot_clicks = m.bot_clicks + p.bot,
                qr_scans = m.qr_scans + p.scans,
                first_human_click_at = LEAST(m.first_human_click_at, p.first_human)
           FROM per_message p
          WHERE m.id = p.message_id
         RETURNING m.id
       )
       SELECT i.id, i.click_class::text AS click_class, l.variant FROM inserted i JOIN locked l ON l.id = i.message_id`,
      column('id'), column('code'), column('accountId'), column('campaignId'), column('messageId'), column('source'),
      column('outcome'), column('clickClass'), column('classReason'), pgArray(rows.map((row) => (row.timingSignal ? 't' : 'f'))),
      column('secondsSinceDelivery'), column('method'), pgArray(rows.map((row) => row.occurredAt.toISOString())), column('ip'),
      column('userAgent'), column('referrer'), column('referrerHost'), column('acceptLanguage'), column('deviceType'), column('os'),
      column('osVersion'), column('browser'), column('browserVersion'), column('country'), column('city'),
    );
    for (const row of result) {
      counts[row.click_class]++;
      stored.set(row.id, row.variant);
    }
    return { counts, stored };
  }

  /** The latest clicks on a link, newest first. */
  latestForLink(code: string, limit: number) {
    return this.prisma.click.findMany({ where: { code }, orderBy: { occurredAt: 'desc' }, take: limit });
  }

  /** Clicks on a link by class and source, over all time. */
  async countsForLink(code: string): Promise<{ source: string; clickClass: string; count: number }[]> {
    const groups = await this.prisma.click.groupBy({ by: ['source', 'clickClass'], where: { code }, _count: { _all: true } });
    return groups.map((group) => ({ source: group.source, clickClass: group.clickClass, count: group._count._all }));
  }
}
