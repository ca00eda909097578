import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { isUuid } from '../../common/uuid.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { messageEventsSql } from '../webhook/webhook-event.publisher.js';
import { Receipt, STATUS_RANK, statusRankSql } from './message-status.js';
import type { FrequencyCapReason, RecentSends } from './frequency-cap.js';
import type { SuppressionReason } from './send-outcome.js';

/** Everything the send job needs to decide whether and when to send. */
export interface SendContext {
  id: string;
  accountId: string;
  status: string;
  phone: string;
  sender: string;
  notBefore: Date | null;
  campaignStatus: string;
  /** The campaign's own window, and whether the account's applies when it has none. */
  quietHours: unknown;
  inheritQuietHours: boolean;
  accountQuietHours: unknown;
  frequencyCap24h: number | null;
  frequencyCap7d: number | null;
  sendRate: number | null;
  recipientTimezone: string | null;
}

/** The outcome of a claim under a frequency cap: claimed, skipped for good (with why), or nothing to do. */
export type CappedClaim =
  | { kind: 'claimed'; message: ClaimedMessage }
  | { kind: 'skipped'; reason: FrequencyCapReason }
  /** skipOnly: the phone is under the cap; nothing was changed. */
  | { kind: 'under_cap' }
  | null;

/** pg_advisory_xact_lock(class, key): the two-int form never meets the one-bigint locks used elsewhere. */
const FREQUENCY_CAP_LOCK_CLASS = 7_311_043;

/** A message this worker now owns (status `sending`). */
export interface ClaimedMessage {
  id: string;
  phone: string;
  sender: string;
  body: string;
  sendingAt: Date;
}

export interface ProviderFailure {
  code?: number;
  message: string;
}

export interface ReceiptUpdate {
  /** From the StatusCallback URL we gave the provider; closes the race with a callback faster than our own write. */
  messageId?: string;
  sid: string;
  receipt: Receipt;
  at: Date;
  errorCode?: number;
}

const RANK = Prisma.raw(statusRankSql('m.status'));

/**
 * Outbound webhook events written by the same statement as the transition
 * (a data-modifying CTE over its RETURNING rows): the event commits with the
 * state change or not at all, in the same round trip. Deduplicated per
 * message and type, so a replayed receipt or a second recordAccepted emits nothing.
 */
const EMIT_SENT = Prisma.raw(messageEventsSql('changed', `'message.sent'`));
const EMIT_FAILED = Prisma.raw(messageEventsSql('changed', `'message.failed'`));
const EMIT_RECEIPT = Prisma.raw(messageEventsSql(
  'changed',
  `CASE s.status WHEN 'delivered' THEN 'message.delivered' WHEN 'failed' THEN 'message.failed' WHEN 'undelivered' THEN 'message.failed' END`,
));

/**
 * The messages state machine as seen by the send path. Every transition is one
 * conditional UPDATE whose WHERE names the state it leaves, so two workers (or
 * a worker and a webhook) can never both win the same transition.
 */
@Injectable()
export class SendRepository {
  constructor(private readonly prisma: PrismaService) {}

  async loadSendContext(messageId: string): Promise<SendContext | null> {
    const rows = await this.prisma.$queryRaw<SendContext[]>`
      SELECT m.id, m.account_id AS "accountId", m.status::text AS status, m.phone, m.sender, m.not_before AS "notBefore",
             c.status::text AS "campaignStatus", c.quiet_hours AS "quietHours", c.inherit_quiet_hours AS "inheritQuietHours",
             c.send_rate AS "sendRate", a.quiet_hours AS "accountQuietHours",
             a.frequency_cap_24h AS "frequencyCap24h", a.frequency_cap_7d AS "frequencyCap7d",
             r.timezone AS "recipientTimezone"
        FROM messages m
        JOIN campaigns c ON c.id = m.campaign_id
        JOIN accounts a ON a.id = m.account_id
        JOIN recipients r ON r.id = m.recipient_id
       WHERE m.id = ${messageId}::uuid`;
    return rows[0] ?? null;
  }

  /** queued -> sending. Null when the message is not queued (already handed over, suppressed) or its campaign is cancelled. */
  async claim(messageId: string, client: Pick<PrismaService, '$queryRaw'> = this.prisma): Promise<ClaimedMessage | null> {
    const rows = await client.$queryRaw<ClaimedMessage[]>`
      UPDATE messages m
         SET status = 'sending', sending_at = now(), send_attempts = m.send_attempts + 1, status_updated_at = now()
        FROM campaigns c
       WHERE m.id = ${messageId}::uuid AND m.status = 'queued'
         AND c.id = m.campaign_id AND c.status <> 'cancelled'
      RETURNING m.id, m.phone, m.sender, m.body, m.sending_at AS "sendingAt"`;
    return rows[0] ?? null;
  }

  /**
   * The claim under the account's frequency cap, race-free: a transaction
   * takes an advisory lock on (account, phone), counts the phone's recent
   * sends, then either claims (queued -> sending) or skips (queued -> skipped)
   * before committing. A second worker sending to the same phone, from any
   * campaign, waits on the lock and then counts the first one's claim, so
   * concurrent campaigns never exceed the cap. A send counts from its claim
   * (sending_at) while in flight or once the provider took it (provider_sid):
   * messages that never left (failed before the provider, suppressed, requeued) do not.
   */
  async claimWithinCap(
    message: { id: string; accountId: string; phone: string },
    decide: (recent: RecentSends) => FrequencyCapReason | null,
    { skipOnly = false }: { skipOnly?: boolean } = {},
  ): Promise<CappedClaim> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(${FREQUENCY_CAP_LOCK_CLASS}::int, hashtext(${message.accountId}::text || ':' || ${message.phone}::text))`;
      // A statement of its own after the lock: its snapshot then sees every claim committed before we got the lock.
      const reason = decide(await this.recentSends(message, tx));
      if (!reason && skipOnly) return { kind: 'under_cap' as const };
      if (!reason) {
        const claimed = await this.claim(message.id, tx);
        return claimed && { kind: 'claimed' as const, message: claimed };
      }
      const skipped = await tx.$executeRaw`
        UPDATE messages m
           SET status = 'skipped', suppression_reason = ${reason}, status_updated_at = now()
          FROM campaigns c
         WHERE m.id = ${message.id}::uuid AND m.status = 'queued'
           AND c.id = m.campaign_id AND c.status <> 'cancelled'`;
      return skipped > 0 ? { kind: 'skipped' as const, reason } : null;
    });
  }

  /**
   * The phone's sends that count against the account's caps (see claimWithinCap).
   * Unlocked, it is only a hint (the send path uses it to skip the rate limiter
   * for a phone that is most likely capped); under the lock it decides.
   */
  async recentSends(message: { accountId: string; phone: string }, client: Pick<PrismaService, '$queryRaw'> = this.prisma): Promise<RecentSends> {
    const [recent] = await client.$queryRaw<RecentSends[]>`
      SELECT count(*) FILTER (WHERE sending_at > now() - interval '24 hours')::int AS "last24Hours",
             count(*)::int AS "last7Days"
        FROM messages
       WHERE account_id = ${message.accountId}::uuid AND phone = ${message.phone}
         AND sending_at IS NOT NULL AND sending_at > now() - interval '7 days'
         AND (status = 'sending' OR provider_sid IS NOT NULL)`;
    return recent;
  }

  /** queued -> cancelled when the campaign was cancelled after launch. */
  async cancelIfCampaignCancelled(messageId: string): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE messages m
         SET status = 'cancelled', cancelled_at = now(), status_updated_at = now()
        FROM campaigns c
       WHERE m.id = ${messageId}::uuid AND m.status = 'queued'
         AND c.id = m.campaign_id AND c.status = 'cancelled'`;
    return count > 0;
  }

  /** Records why a queued message waits (quiet hours, schedule), for operators and the API. */
  async setNotBefore(messageId: string, notBefore: Date): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE messages SET not_before = ${notBefore} WHERE id = ${messageId}::uuid AND status = 'queued'`;
  }

  /**
   * The provider returned a sid. `sent` only from sending (or queued, if the
   * reconciler gave up on it meanwhile: the sid proves it went out); a fast
   * callback may already have moved it further, which is kept. `acceptedAt`
   * replaces the stand-in a faster callback wrote (applyReceipt): metrics.md
   * dates acceptance by the API call's return.
   */
  async recordAccepted(messageId: string, sid: string, acceptedAt: Date): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ count: number }[]>`
      WITH changed AS (
      UPDATE messages
         SET provider_sid = ${sid},
             accepted_at = ${acceptedAt},
             error_code = CASE WHEN status IN ('queued', 'sending') THEN NULL ELSE error_code END,
             error_message = CASE WHEN status IN ('queued', 'sending') THEN NULL ELSE error_message END,
             status_updated_at = CASE WHEN status IN ('queued', 'sending') THEN now() ELSE status_updated_at END,
             status = CASE WHEN status IN ('queued', 'sending') THEN 'sent'::message_status ELSE status END
       WHERE id = ${messageId}::uuid AND (provider_sid IS NULL OR provider_sid = ${sid})
      RETURNING id, account_id, campaign_id
      ), emitted AS (${EMIT_SENT})
      SELECT count(*)::int AS count FROM changed`;
    return rows[0].count > 0;
  }

  /** sending -> suppressed (opted out, or the provider says the number cannot receive). */
  async markSuppressed(messageId: string, reason: SuppressionReason, failure?: ProviderFailure): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE messages
         SET status = 'suppressed', suppression_reason = ${reason},
             error_code = ${failure?.code ?? null}::int, error_message = ${failure?.message ?? null},
             status_updated_at = now()
       WHERE id = ${messageId}::uuid AND status = 'sending'`;
    return count > 0;
  }

  /** sending -> failed: permanent provider error, or retries exhausted. */
  async markFailed(messageId: string, failure: ProviderFailure): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ count: number }[]>`
      WITH changed AS (
      UPDATE messages
         SET status = 'failed', failed_at = COALESCE(failed_at, now()), status_updated_at = now(),
             error_code = ${failure.code ?? null}::int, error_message = ${failure.message}
       WHERE id = ${messageId}::uuid AND status = 'sending'
      RETURNING id, account_id, campaign_id
      ), emitted AS (${EMIT_FAILED})
      SELECT count(*)::int AS count FROM changed`;
    return rows[0].count > 0;
  }

  /** sending -> queued: the provider certainly did not take it; the job (or the reconciler) sends it again. */
  async requeue(messageId: string, failure?: ProviderFailure, sendingAt?: Date): Promise<boolean> {
    const sameClaim = sendingAt ? Prisma.sql`AND sending_at = ${sendingAt}` : Prisma.empty;
    const count = await this.prisma.$executeRaw`
      UPDATE messages
         SET status = 'queued', status_updated_at = now(),
             error_code = COALESCE(${failure?.code ?? null}::int, error_code),
             error_message = COALESCE(${failure?.message ?? null}, error_message)
       WHERE id = ${messageId}::uuid AND status = 'sending' ${sameClaim}`;
    return count > 0;
  }

  /** Keeps the last provider error on a message whose outcome is still unknown (it stays `sending`). */
  async noteError(messageId: string, failure: ProviderFailure): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE messages SET error_code = ${failure.code ?? null}::int, error_message = ${failure.message}
       WHERE id = ${messageId}::uuid AND status = 'sending'`;
  }

  /**
   * Applies a delivery receipt in one UPDATE: status only moves forward
   * (message-status.ts), each per-status timestamp is set the first time only,
   * the first error code is kept. Replaying the same receipt changes nothing.
   * A receipt proves the provider accepted the message: if no accepted_at was
   * written (the worker died before recording the sid), the receipt's time
   * stands in, so opt-out attribution and time-to-click still see it.
   * Returns the message's id and resulting status, or null for an unknown sid.
   */
  async applyReceipt(update: ReceiptUpdate): Promise<{ id: string; status: string } | null> {
    const { sid, receipt, at } = update;
    const incomingRank = STATUS_RANK[receipt.status];
    const advances = Prisma.sql`(${RANK} >= 0 AND ${incomingRank}::int > ${RANK})`;
    const stamp = (column: string) =>
      receipt.stamp === column ? Prisma.sql`COALESCE(m.${Prisma.raw(column)}, ${at})` : Prisma.raw(`m.${column}`);
    const byId = update.messageId && isUuid(update.messageId)
      ? Prisma.sql`(m.id = ${update.messageId}::uuid AND (m.provider_sid IS NULL OR m.provider_sid = ${sid})) OR`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ id: string; status: string }[]>`
      WITH changed AS (
      UPDATE messages m
         SET provider_sid = COALESCE(m.provider_sid, ${sid}),
             accepted_at = CASE WHEN ${RANK} >= 0 THEN COALESCE(m.accepted_at, ${at}) ELSE m.accepted_at END,
             status_updated_at = CASE WHEN ${advances} THEN now() ELSE m.status_updated_at END,
             status = CASE WHEN ${advances} THEN ${receipt.status}::message_status ELSE m.status END,
             sent_at = ${stamp('sent_at')},
             delivered_at = ${stamp('delivered_at')},
             undelivered_at = ${stamp('undelivered_at')},
             failed_at = ${stamp('failed_at')},
             -- While queued/sending, error_code/message describe our send attempts (a 429 retried): the receipt
             -- proves the provider took the message, so they give way to the carrier's code.
             error_code = CASE WHEN ${RANK} IN (0, 1) THEN ${update.errorCode ?? null}::int
                               ELSE COALESCE(m.error_code, ${update.errorCode ?? null}::int) END,
             error_message = CASE WHEN ${RANK} IN (0, 1) THEN NULL ELSE m.error_message END
       WHERE ${byId} m.provider_sid = ${sid}
      RETURNING m.id, m.account_id, m.campaign_id, m.status::text AS status
      ), emitted AS (${EMIT_RECEIPT})
      SELECT id, status FROM changed`;
    return rows[0] ?? null;
  }

  /** Messages left in `sending` since before `before` (the worker died, or the call's outcome is unknown). */
  async findStuckSending(before: Date, limit: number): Promise<ClaimedMessage[]> {
    return this.prisma.$queryRaw<ClaimedMessage[]>`
      SELECT id, phone, sender, body, sending_at AS "sendingAt"
        FROM messages
       WHERE status = 'sending' AND sending_at < ${before}
       ORDER BY sending_at
       LIMIT ${limit}`;
  }

  /** Which of these messages are still queued (a failed send job left them without a job). */
  async queuedAmong(messageIds: string[]): Promise<Set<string>> {
    const ids = messageIds.filter(isUuid);
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM messages WHERE id = ANY(${ids}::uuid[]) AND status = 'queued'`;
    return new Set(rows.map((row) => row.id));
  }

  /** queued -> failed: its send job kept failing on our side; the provider never got it. */
  async failQueued(messageId: string, reason: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ count: number }[]>`
      WITH changed AS (
      UPDATE messages
         SET status = 'failed', failed_at = COALESCE(failed_at, now()), status_updated_at = now(), error_message = ${reason}
       WHERE id = ${messageId}::uuid AND status = 'queued'
      RETURNING id, account_id, campaign_id
      ), emitted AS (${EMIT_FAILED})
      SELECT count(*)::int AS count FROM changed`;
    return rows[0].count > 0;
  }

  /** The message's short link codes: unique per message, so they identify it in the provider's copy of the body. */
  async linkCodes(messageId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ code: string }[]>`
      SELECT code FROM links WHERE message_id = ${messageId}::uuid`;
    return rows.map((row) => row.code);
  }

  /** Which of these provider sids already belong to a message (so reconciliation never claims one twice). */
  async knownProviderSids(sids: string[]): Promise<Set<string>> {
    if (sids.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<{ sid: string }[]>`
      SELECT provider_sid AS sid FROM messages WHERE provider_sid = ANY(${sids}::text[])`;
    return new Set(rows.map((row) => row.sid));
  }
}
