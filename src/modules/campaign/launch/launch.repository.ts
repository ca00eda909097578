import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../generated/prisma/client.js';
import { PrismaService } from '../../../prisma/prisma.service.js';
import type { AudienceRow, HoldoutColumns, MessageColumns } from './launch-plan.js';
import { pgArray } from '../../link/pg-array.js';
import { firstMatchingTargetSql, SqlParameters, type AudienceTarget } from '../../segment/audience-sql.js';

export type Tx = Prisma.TransactionClient;

export interface AudienceQuery {
  accountId: string;
  sender: string;
  segments: string[];
  /** The targets behind `segments`, when any of them is a defined segment (a rule): then the page is evaluated by rule. */
  targets?: AudienceTarget[];
  /** The instant rules are evaluated at (the launch). */
  evaluatedAt?: Date;
  /** Keyset cursor: recipients with a greater phone. */
  afterPhone: string | null;
  limit: number;
}

/** The launch's set-based SQL: audience reads, bulk message inserts, progress marks. */
@Injectable()
export class LaunchRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `scheduled` -> `sending` when a delayed launch job fires; false when it was cancelled meanwhile. */
  async startScheduled(campaignId: string): Promise<boolean> {
    const moved = await this.prisma.$executeRaw`
      UPDATE campaigns SET status = 'sending', updated_at = now() WHERE id = ${campaignId}::uuid AND status = 'scheduled'`;
    return moved > 0;
  }

  /**
   * One page of the audience in phone order: recipients of the account with at
   * least one of the campaign's segments, each flagged when its phone opted
   * out of this sender. Phone order walks the unique (account_id, phone)
   * index, and makes the messages' (campaign_id, phone) and (account_id,
   * phone, ...) index inserts append at the right edge instead of landing on
   * random pages: about a third less PostgreSQL time at 1M recipients.
   */
  async audiencePage(query: AudienceQuery): Promise<AudienceRow[]> {
    if (query.targets?.some((target) => target.rule)) return this.ruleAudiencePage(query, query.targets, query.evaluatedAt ?? new Date());
    return this.prisma.$queryRawUnsafe<AudienceRow[]>(
      `SELECT r.id AS "recipientId", r.phone, r.segments, (o.phone IS NOT NULL) AS "optedOut"
         FROM recipients r
         LEFT JOIN opt_outs o ON o.sender = $2 AND o.phone = r.phone AND o.opted_out
        WHERE r.account_id = $1::uuid AND r.segments && $3::text[] AND ($4::text IS NULL OR r.phone > $4::text)
        ORDER BY r.phone
        LIMIT $5`,
      query.accountId,
      query.sender,
      query.segments,
      query.afterPhone,
      query.limit,
    );
  }

  /**
   * The same page when some targets are rules: every recipient of the account
   * is walked in phone order and given the first target it matches (one CASE,
   * so each rule's EXISTS probes run once per recipient); those matching none
   * are dropped before the LIMIT, so a page is still `limit` members.
   */
  private ruleAudiencePage(query: AudienceQuery, targets: AudienceTarget[], now: Date): Promise<AudienceRow[]> {
    const params = new SqlParameters([query.accountId, query.sender, query.afterPhone]);
    const matched = firstMatchingTargetSql(targets, params, now);
    return this.prisma.$queryRawUnsafe<AudienceRow[]>(
      `SELECT a."recipientId", a.phone, a.segments, (o.phone IS NOT NULL) AS "optedOut", a."matchedSegment"
         FROM (SELECT r.id AS "recipientId", r.phone, r.segments, ${matched} AS "matchedSegment"
                 FROM recipients r
                WHERE r.account_id = $1::uuid AND ($3::text IS NULL OR r.phone > $3::text)
                ORDER BY r.phone) a
         LEFT JOIN opt_outs o ON o.sender = $2 AND o.phone = a.phone AND o.opted_out
        WHERE a."matchedSegment" IS NOT NULL
        ORDER BY a.phone
        LIMIT ${Math.trunc(query.limit)}`,
      ...params.values,
    );
  }

  /** Records a chunk's held-out recipients; a re-run after a crash finds them there already. */
  async insertHoldouts(tx: Tx, scope: { accountId: string; campaignId: string }, holdouts: HoldoutColumns): Promise<number> {
    if (holdouts.recipientIds.length === 0) return 0;
    return tx.$executeRawUnsafe(
      `INSERT INTO holdout_members (campaign_id, recipient_id, account_id, phone, segment)
       SELECT $1::uuid, t.recipient_id, $2::uuid, t.phone, t.segment
         FROM unnest($3::uuid[], $4::text[], $5::text[]) AS t(recipient_id, phone, segment)
       ON CONFLICT (campaign_id, recipient_id) DO NOTHING`,
      scope.campaignId,
      scope.accountId,
      pgArray(holdouts.recipientIds),
      pgArray(holdouts.phones),
      pgArray(holdouts.segments),
    );
  }

  /** Runs one chunk's writes atomically. Long chunks are fine: nothing else writes these rows yet. */
  inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 120_000, maxWait: 30_000 });
  }

  /**
   * Locks the campaign row against a concurrent cancel for the rest of the
   * chunk's transaction and says whether materialising may go on. A cancel
   * that committed first is seen here; one that comes later waits for this
   * chunk and then cancels its queued messages too.
   */
  async isStillSending(tx: Tx, campaignId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM campaigns WHERE id = ${campaignId}::uuid FOR SHARE`;
    return rows[0]?.status === 'sending';
  }

  /**
   * Inserts a chunk's messages in one statement. A phone that already has a
   * message in this campaign (a re-run after a crash, or a duplicate phone)
   * is skipped: ids returned are the rows really inserted.
   */
  async insertMessages(
    tx: Tx,
    scope: { accountId: string; campaignId: string; sender: string },
    messages: MessageColumns,
  ): Promise<Set<string>> {
    if (messages.ids.length === 0) return new Set();
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO messages (id, account_id, campaign_id, recipient_id, phone, sender, variant, segment, body, sms_segments, status, suppression_reason, status_updated_at)
       SELECT t.id, $1::uuid, $2::uuid, t.recipient_id, t.phone, $3, t.variant, t.segment, t.body, t.sms_segments, t.status, t.reason, now()
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int2[], $11::message_status[], $12::text[])
           AS t(id, recipient_id, phone, variant, segment, body, sms_segments, status, reason)
       ON CONFLICT (campaign_id, phone) DO NOTHING
       RETURNING id`,
      scope.accountId,
      scope.campaignId,
      scope.sender,
      pgArray(messages.ids),
      pgArray(messages.recipientIds),
      pgArray(messages.phones),
      pgArray(messages.variants),
      pgArray(messages.segments),
      pgArray(messages.bodies),
      pgArray(messages.smsSegments),
      pgArray(messages.statuses),
      pgArray(messages.suppressionReasons),
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Rare path: a link code collided and was replaced, so the message's body changes with it. */
  async updateBodies(tx: Tx, ids: string[], bodies: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.$executeRawUnsafe(
      `UPDATE messages m SET body = t.body FROM unnest($1::uuid[], $2::text[]) AS t(id, body) WHERE m.id = t.id`,
      ids,
      bodies,
    );
  }

  /** Queued messages that already existed for these phones (a re-run): their send jobs are added again, harmlessly. */
  async queuedMessageIds(campaignId: string, phones: string[]): Promise<string[]> {
    if (phones.length === 0) return [];
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM messages WHERE campaign_id = $1::uuid AND phone = ANY($2::text[]) AND status = 'queued'`,
      campaignId,
      phones,
    );
    return rows.map((row) => row.id);
  }

  /** Freezes the audience counts and marks the campaign fully materialised. */
  async markMaterialised(campaignId: string): Promise<{ recipientCount: number; suppressedCount: number; holdoutCount: number } | null> {
    const rows = await this.prisma.$queryRaw<{ recipient_count: number; suppressed_count: number; holdout_count: number }[]>`
      UPDATE campaigns c
         SET recipient_count = counts.total, suppressed_count = counts.suppressed, holdout_count = held.total,
             materialised_at = now(), updated_at = now()
        FROM (SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = 'suppressed'))::int AS suppressed
                FROM messages WHERE campaign_id = ${campaignId}::uuid) AS counts,
             (SELECT count(*)::int AS total FROM holdout_members WHERE campaign_id = ${campaignId}::uuid) AS held
       WHERE c.id = ${campaignId}::uuid AND c.materialised_at IS NULL
      RETURNING c.recipient_count, c.suppressed_count, c.holdout_count`;
    const row = rows[0];
    return row ? { recipientCount: row.recipient_count, suppressedCount: row.suppressed_count, holdoutCount: row.holdout_count } : null;
  }
}
