import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { UpsertCounts } from './recipient-intake.js';
import type { ValidRecipient } from './recipient-row.js';

/**
 * One set-based statement per batch. Rows arrive as parallel arrays (one bind
 * parameter per column, whatever the batch size, so no 32,767-parameter limit).
 * `merged` resolves "field absent = keep the stored value" against the stored
 * row before the insert, because ON CONFLICT ... DO UPDATE only sees the
 * proposed row (EXCLUDED) and could not tell "absent" from "cleared".
 * Attributes merge key by key; a null value removes its key (jsonb_strip_nulls;
 * stored attributes never hold nulls). A row whose values would not change is
 * not rewritten (the DO UPDATE ... WHERE), which makes re-importing the same
 * file cheap and keeps updated_at meaning "last changed". `xmax = 0` is true
 * only for rows this statement inserted; every other input row matched an
 * existing recipient, so updated = rows - created.
 * Two imports racing on the same phone both succeed (ON CONFLICT); the one
 * that commits last decides every field of that row.
 */
const UPSERT_RECIPIENTS_SQL = `
WITH input AS (
  SELECT *
  FROM unnest($2::text[], $3::boolean[], $4::text[], $5::jsonb[], $6::jsonb[], $7::boolean[], $8::text[])
    AS i(phone, sets_external_id, external_id, segments, attributes, sets_timezone, timezone)
),
merged AS (
  SELECT
    i.phone,
    CASE WHEN i.sets_external_id THEN i.external_id ELSE r.external_id END AS external_id,
    CASE WHEN i.segments IS NULL THEN COALESCE(r.segments, '{}'::text[])
         ELSE ARRAY(SELECT jsonb_array_elements_text(i.segments)) END AS segments,
    jsonb_strip_nulls(COALESCE(r.attributes, '{}'::jsonb) || COALESCE(i.attributes, '{}'::jsonb)) AS attributes,
    CASE WHEN i.sets_timezone THEN i.timezone ELSE r.timezone END AS timezone
  FROM input i
  -- LATERAL + LIMIT keeps this an index probe per input row: a plain join may
  -- hash every recipient of the account, which grows with the account.
  LEFT JOIN LATERAL (
    SELECT s.external_id, s.segments, s.attributes, s.timezone
    FROM recipients s
    WHERE s.account_id = $1::uuid AND s.phone = i.phone
    LIMIT 1
  ) r ON true
),
upserted AS (
  INSERT INTO recipients (account_id, phone, external_id, segments, attributes, timezone)
  SELECT $1::uuid, m.phone, m.external_id, m.segments, m.attributes, m.timezone FROM merged m
  ON CONFLICT (account_id, phone) DO UPDATE SET
    external_id = EXCLUDED.external_id,
    segments = EXCLUDED.segments,
    attributes = EXCLUDED.attributes,
    timezone = EXCLUDED.timezone,
    updated_at = now()
  WHERE (recipients.external_id, recipients.segments, recipients.attributes, recipients.timezone)
    IS DISTINCT FROM (EXCLUDED.external_id, EXCLUDED.segments, EXCLUDED.attributes, EXCLUDED.timezone)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS created FROM upserted`;

@Injectable()
export class RecipientRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Upserts rows with distinct phones (the caller removes duplicates: one statement cannot touch a row twice). */
  async upsertBatch(accountId: string, rows: ValidRecipient[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { created: 0, updated: 0 };
    const [{ created }] = await this.prisma.$queryRawUnsafe<{ created: number }[]>(
      UPSERT_RECIPIENTS_SQL,
      accountId,
      rows.map((row) => row.phone),
      rows.map((row) => row.externalId !== undefined),
      rows.map((row) => row.externalId ?? null),
      rows.map((row) => (row.segments === undefined ? null : JSON.stringify(row.segments))),
      rows.map((row) => (row.attributes === undefined ? null : JSON.stringify(row.attributes))),
      rows.map((row) => row.timezone !== undefined),
      rows.map((row) => row.timezone ?? null),
    );
    return { created, updated: rows.length - created };
  }

  findByPhone(accountId: string, phone: string) {
    return this.prisma.recipient.findUnique({ where: { accountId_phone: { accountId, phone } } });
  }

  /** Senders (numbers and Messaging Services) this account has campaigns from: opt-outs and inbound SMS are shown for these only. */
  async accountSenders(accountId: string): Promise<string[]> {
    const rows = await this.prisma.campaign.findMany({ where: { accountId }, distinct: ['sender'], select: { sender: true } });
    return rows.map((row) => row.sender);
  }

  findOptOuts(phone: string, senders: string[]) {
    return this.prisma.optOut.findMany({
      where: { phone, sender: { in: senders } },
      orderBy: { changedAt: 'desc' },
    });
  }

  findRecentMessages(accountId: string, recipientId: string, limit: number) {
    return this.prisma.message.findMany({
      where: { accountId, recipientId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { campaign: { select: { name: true } } },
    });
  }

  findRecentInbound(phone: string, senders: string[], limit: number) {
    return this.prisma.inboundMessage.findMany({
      where: { phone, OR: [{ sender: { in: senders } }, { messagingServiceSid: { in: senders } }] },
      orderBy: { receivedAt: 'desc' },
      take: limit,
    });
  }
}
