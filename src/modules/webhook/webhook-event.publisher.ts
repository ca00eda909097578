import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { WebhookEventType } from './webhook-events.js';

/** A Prisma client or an interactive transaction's client: events are written in the caller's transaction. */
export type WebhookDb = Prisma.TransactionClient | PrismaService;

export interface EventSubjects {
  /** The message the event is about: the payload gets its recipient, campaign, variant, segment, sid and links. */
  messageId?: string;
  campaignId?: string;
  /** Once per subject: a second publish with the same key is a no-op. */
  dedupeKey?: string;
  occurredAt?: Date;
}

/** Only accounts with an enabled endpoint subscribed to the type get an outbox row: emitting costs nothing otherwise. */
const subscribed = (account: string, type: string) =>
  `EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.account_id = ${account} AND w.enabled AND ${type} = ANY(w.events))`;

/**
 * SQL appending message events to the outbox for the rows of `source` (a CTE
 * or table alias with columns id, account_id, campaign_id), typed by
 * `typeExpression` (NULL skips a row). Meant for a data-modifying CTE of the
 * statement that changes the messages, so the state change and its event
 * commit together, in one round trip. Deduplicated per message and type.
 * Both arguments are code constants, never input.
 */
export function messageEventsSql(source: string, typeExpression: string): string {
  return `
    INSERT INTO webhook_events (account_id, type, message_id, campaign_id, dedupe_key)
    SELECT s.account_id, t.type, s.id, s.campaign_id, t.type || ':' || s.id
      FROM ${source} s CROSS JOIN LATERAL (SELECT (${typeExpression})::text AS type) t
     WHERE t.type IS NOT NULL AND ${subscribed('s.account_id', 't.type')}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * SQL appending link.clicked events for the rows of `source` (columns id,
 * account_id, campaign_id, message_id, source, click_class, occurred_at):
 * link clicks only (QR scans are not clicks), bot clicks only when some
 * endpoint of the account asks for them. One INSERT ... SELECT per batch.
 */
export function clickEventsSql(source: string): string {
  return `
    INSERT INTO webhook_events (id, account_id, type, occurred_at, message_id, click_id, campaign_id, facts, dedupe_key)
    SELECT gen_random_uuid(), s.account_id, 'link.clicked', s.occurred_at, s.message_id, s.id, s.campaign_id,
           jsonb_build_object('_clickClass', s.click_class::text), 'link.clicked:' || s.id
      FROM ${source} s
     WHERE s.source = 'link'
       AND EXISTS (SELECT 1 FROM webhook_endpoints w
                    WHERE w.account_id = s.account_id AND w.enabled AND 'link.clicked' = ANY(w.events)
                      AND (s.click_class = 'human' OR w.include_bot_clicks))
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** SQL appending campaign.completed for the rows of `source` (columns id, account_id): for a CTE of the completing UPDATE. */
export function campaignCompletedEventsSql(source: string): string {
  return `
    INSERT INTO webhook_events (account_id, type, campaign_id, dedupe_key)
    SELECT s.account_id, 'campaign.completed', s.id, 'campaign.completed:' || s.id
      FROM ${source} s
     WHERE ${subscribed('s.account_id', `'campaign.completed'`)}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * The webhook module's write side for other features: appends events to the
 * outbox (webhook_events) inside the caller's transaction or right after its
 * commit. The fan-out worker builds each payload once and delivers it to
 * every enabled endpoint subscribed to the type; nothing here waits on a
 * receiver, the network or Redis.
 */
@Injectable()
export class WebhookEventPublisher {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends one event for one account; returns its id (the `webhook-id` every
   * delivery carries), or null when no endpoint of the account subscribes to
   * the type (nothing is written) or the dedupe key was already used.
   * `data` goes into the payload's data as given, beside what the fan-out adds
   * from `subjects.messageId` (recipient, campaign, message, links); keys
   * starting with `_` are kept out of the payload.
   */
  async publish(db: WebhookDb | null, accountId: string, type: WebhookEventType, data: Record<string, unknown> = {}, subjects: EventSubjects = {}): Promise<string | null> {
    const rows = await (db ?? this.prisma).$queryRaw<{ id: string }[]>`
      INSERT INTO webhook_events (account_id, type, occurred_at, message_id, campaign_id, facts, dedupe_key)
      SELECT ${accountId}::uuid, ${type}, ${subjects.occurredAt ?? new Date()}, ${subjects.messageId ?? null}::uuid,
             ${subjects.campaignId ?? null}::uuid, ${JSON.stringify(data)}::jsonb, ${subjects.dedupeKey ?? null}
       WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.account_id = ${accountId}::uuid AND w.enabled AND ${type} = ANY(w.events))
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  /**
   * recipient.opted_out / recipient.opted_in after an inbound STOP/START (or a
   * provider opt-out) changed the state of `senders` for `phone`: one event per
   * account that has messaged the phone from one of them, carrying the
   * message the opt-out was attributed to in that account, if any.
   */
  async publishOptChange(
    db: WebhookDb,
    change: { type: 'recipient.opted_out' | 'recipient.opted_in'; phone: string; senders: string[]; inboundId?: string; inboundSid?: string; at: Date },
  ): Promise<number> {
    const { type, phone, senders, at } = change;
    const facts = { _phone: phone, senders, inboundMessageSid: change.inboundSid ?? null };
    return db.$executeRaw`
      INSERT INTO webhook_events (account_id, type, occurred_at, message_id, facts)
      SELECT a.account_id, ${type}, ${at}, att.message_id, ${JSON.stringify(facts)}::jsonb
        FROM (SELECT DISTINCT account_id FROM messages WHERE phone = ${phone} AND sender = ANY(${senders}::text[])) a
        LEFT JOIN opt_out_attributions att ON att.inbound_id = ${change.inboundId ?? null}::uuid AND att.account_id = a.account_id
       WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.account_id = a.account_id AND w.enabled AND ${type} = ANY(w.events))`;
  }
}
