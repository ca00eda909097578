import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { WebhookEventPublisher } from '../webhook/webhook-event.publisher.js';
import type { InboundKeywordKind } from './inbound-keyword.js';

type Db = Prisma.TransactionClient | PrismaService;

export interface InboundSms {
  providerSid: string;
  phone: string;
  /** The inbound To: our sender number. */
  sender: string;
  messagingServiceSid: string | null;
  body: string;
  kind: InboundKeywordKind;
  receivedAt: Date;
}

export interface InboundOutcome {
  /** The same MessageSid was already stored (Twilio retried the webhook): nothing changed. */
  duplicate: boolean;
  /** Whether this message changed the opt-out state of any sender. */
  changedState: boolean;
  /** Messages the opt-out was attributed to, one per account at most. */
  attributedMessageIds: string[];
}

/** opt_outs, inbound_messages and opt_out_attributions. */
@Injectable()
export class OptOutRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly webhookEvents: WebhookEventPublisher,
  ) {}

  async isOptedOut(sender: string, phone: string): Promise<boolean> {
    const row = await this.prisma.optOut.findUnique({ where: { sender_phone: { sender, phone } }, select: { optedOut: true } });
    return row?.optedOut ?? false;
  }

  /** Opts out outside an inbound message (the provider told us 21610). Returns whether the state changed. */
  async optOut(senders: string[], phone: string, at: Date): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const changed = await this.setOptedOut(tx, senders, phone, at);
      if (changed.length) await this.webhookEvents.publishOptChange(tx, { type: 'recipient.opted_out', phone, senders: changed, at });
      return changed;
    });
  }

  /**
   * Stores an inbound SMS and applies what it asks for, in one transaction so
   * a crash never leaves an opt-out half recorded (Twilio's retry would then
   * see a duplicate and skip it). Idempotent on the provider's MessageSid.
   */
  async recordInbound(inbound: InboundSms, attributionSince: Date): Promise<InboundOutcome> {
    return this.prisma.$transaction(async (tx) => {
      const inboundId = await this.insertInbound(tx, inbound);
      if (!inboundId) return { duplicate: true, changedState: false, attributedMessageIds: [] };
      const senders = [inbound.sender, ...(inbound.messagingServiceSid ? [inbound.messagingServiceSid] : [])];
      let changed: string[] = [];
      let attributed: string[] = [];
      if (inbound.kind === 'opt_out') {
        changed = await this.setOptedOut(tx, senders, inbound.phone, inbound.receivedAt);
        if (changed.length) attributed = await this.attribute(tx, inboundId, inbound.phone, changed, attributionSince, inbound.receivedAt);
      } else if (inbound.kind === 'opt_in') {
        changed = await this.setOptedIn(tx, senders, inbound.phone, inbound.receivedAt);
      }
      if (changed.length) {
        await tx.$executeRaw`UPDATE inbound_messages SET changed_state = true WHERE id = ${inboundId}::uuid`;
        // CRM webhooks: in this transaction, so the event exists exactly when the change does.
        await this.webhookEvents.publishOptChange(tx, {
          type: inbound.kind === 'opt_out' ? 'recipient.opted_out' : 'recipient.opted_in',
          phone: inbound.phone,
          senders: changed,
          inboundId,
          inboundSid: inbound.providerSid,
          at: inbound.receivedAt,
        });
      }
      return { duplicate: false, changedState: changed.length > 0, attributedMessageIds: attributed };
    });
  }

  private async insertInbound(db: Db, inbound: InboundSms): Promise<string | null> {
    const rows = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO inbound_messages (provider_sid, phone, sender, messaging_service_sid, body, kind, received_at)
      VALUES (${inbound.providerSid}, ${inbound.phone}, ${inbound.sender}, ${inbound.messagingServiceSid},
              ${inbound.body}, ${inbound.kind}::inbound_kind, ${inbound.receivedAt})
      ON CONFLICT (provider_sid) DO NOTHING
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  /** Upserts opted_out = true; returns the senders whose state actually changed (a second STOP changes none). */
  private async setOptedOut(db: Db, senders: string[], phone: string, at: Date): Promise<string[]> {
    const rows = await db.$queryRaw<{ sender: string }[]>`
      INSERT INTO opt_outs (sender, phone, opted_out, changed_at)
      SELECT s, ${phone}, true, ${at} FROM unnest(${senders}::text[]) AS s
      ON CONFLICT (sender, phone) DO UPDATE SET opted_out = true, changed_at = EXCLUDED.changed_at
        WHERE opt_outs.opted_out = false
      RETURNING sender`;
    return rows.map((row) => row.sender);
  }

  /** opted_out -> false; a START from a phone that never opted out changes nothing. */
  private async setOptedIn(db: Db, senders: string[], phone: string, at: Date): Promise<string[]> {
    const rows = await db.$queryRaw<{ sender: string }[]>`
      UPDATE opt_outs SET opted_out = false, changed_at = ${at}
       WHERE sender = ANY(${senders}::text[]) AND phone = ${phone} AND opted_out = true
      RETURNING sender`;
    return rows.map((row) => row.sender);
  }

  /**
   * Attributes the opt-out to the latest message each account had the provider
   * accept for this phone from these senders since `since` (accepted_at: the
   * message certainly left us), and stamps messages.opted_out_at once. When
   * that latest message already has an opt-out, nothing new is attributed.
   */
  private async attribute(db: Db, inboundId: string, phone: string, senders: string[], since: Date, at: Date): Promise<string[]> {
    const rows = await db.$queryRaw<{ message_id: string }[]>`
      WITH latest AS (
        -- The latest accepted message per account, through the (phone, sender, accepted_at) index.
        SELECT DISTINCT ON (account_id) id, account_id, opted_out_at
          FROM messages
         WHERE phone = ${phone} AND sender = ANY(${senders}::text[])
           AND accepted_at >= ${since} AND accepted_at <= ${at}
         ORDER BY account_id, accepted_at DESC, id
      ), attributed AS (
        INSERT INTO opt_out_attributions (inbound_id, message_id, account_id)
        -- A message already carrying an opt-out (STOP, START, STOP again) counts once:
        -- optOuts and the click/opt-out table count messages.
        SELECT ${inboundId}::uuid, id, account_id FROM latest WHERE opted_out_at IS NULL
        ON CONFLICT DO NOTHING
        RETURNING message_id
      )
      UPDATE messages m SET opted_out_at = COALESCE(m.opted_out_at, ${at})
        FROM attributed a WHERE m.id = a.message_id
      RETURNING m.id AS message_id`;
    return rows.map((row) => row.message_id);
  }
}
