import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { WebhookEventPublisher } from '../webhook/webhook-event.publisher.js';
import type { MatchedBy, Touch } from './attribution.js';

/** The longest attribution window a campaign may have: older touches can never match. */
const MAX_WINDOW_HOURS = 90 * 24;

export interface MessageTouch extends Touch {
  code: string | null;
}

export interface ConversionRecipient {
  id: string;
  phone: string;
}

export interface NewConversion {
  accountId: string;
  campaignId: string | null;
  messageId: string | null;
  recipientId: string | null;
  code: string | null;
  matchedBy: MatchedBy;
  holdout: boolean;
  attributed: boolean;
  name: string;
  value: string | null;
  currency: string;
  occurredAt: Date;
  idempotencyKey: string | null;
}

export type StoredConversion = Prisma.ConversionGetPayload<object>;

interface TouchRow {
  kind: 'message' | 'holdout';
  campaign_id: string;
  message_id: string | null;
  recipient_id: string;
  currency: string;
  touched_at: Date;
  attribution_window_hours: number;
}

const toTouch = (row: TouchRow): Touch => ({
  kind: row.kind,
  campaignId: row.campaign_id,
  messageId: row.message_id,
  recipientId: row.recipient_id,
  currency: row.currency,
  touchedAt: row.touched_at,
  attributionWindowHours: row.attribution_window_hours,
});

@Injectable()
export class ConversionRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly webhookEvents: WebhookEventPublisher,
  ) {}

  async touchByCode(accountId: string, code: string): Promise<MessageTouch | null> {
    const link = await this.prisma.link.findFirst({ where: { code, accountId }, select: { code: true, messageId: true } });
    return link && this.touchOfMessage(accountId, link.messageId, link.code);
  }

  touchByMessageId(accountId: string, messageId: string): Promise<MessageTouch | null> {
    return this.touchOfMessage(accountId, messageId, null);
  }

  /** The message as a touch: its window runs from the provider's acceptance (its creation while unsent). */
  private async touchOfMessage(accountId: string, messageId: string, code: string | null): Promise<MessageTouch | null> {
    const message = await this.prisma.message.findFirst({
      where: { id: messageId, accountId },
      select: { id: true, campaignId: true, recipientId: true, acceptedAt: true, createdAt: true, campaign: { select: { currency: true, attributionWindowHours: true } } },
    });
    if (!message) return null;
    return {
      kind: 'message', campaignId: message.campaignId, messageId: message.id, recipientId: message.recipientId, code,
      currency: message.campaign.currency, touchedAt: message.acceptedAt ?? message.createdAt, attributionWindowHours: message.campaign.attributionWindowHours,
    };
  }

  recipientsByPhone(accountId: string, phone: string): Promise<ConversionRecipient[]> {
    return this.prisma.recipient.findMany({ where: { accountId, phone }, select: { id: true, phone: true } });
  }

  /** External ids are the CRM's and need not be unique: a customer with two phones is one converter. */
  recipientsByExternalId(accountId: string, externalId: string): Promise<ConversionRecipient[]> {
    return this.prisma.recipient.findMany({ where: { accountId, externalId }, select: { id: true, phone: true }, orderBy: { createdAt: 'asc' }, take: 20 });
  }

  /**
   * Messages sent to these phones and holdouts they were in, touched no later
   * than `occurredAt` and recently enough for the longest window: the
   * candidates attributeToRecipient chooses from. Both reads walk an
   * (account_id, phone, ...) index.
   */
  async touchesOfPhones(accountId: string, phones: string[], occurredAt: Date): Promise<Touch[]> {
    const earliest = new Date(occurredAt.getTime() - MAX_WINDOW_HOURS * 3_600_000);
    const rows = await this.prisma.$queryRaw<TouchRow[]>`
      SELECT 'message' AS kind, m.campaign_id, m.id AS message_id, m.recipient_id, c.currency, m.accepted_at AS touched_at, c.attribution_window_hours
        FROM messages m JOIN campaigns c ON c.id = m.campaign_id
       WHERE m.account_id = ${accountId}::uuid AND m.phone = ANY(${phones}::text[])
         AND m.accepted_at BETWEEN ${earliest} AND ${occurredAt}
      UNION ALL
      SELECT 'holdout', h.campaign_id, NULL, h.recipient_id, c.currency, h.held_out_at, c.attribution_window_hours
        FROM holdout_members h JOIN campaigns c ON c.id = h.campaign_id
       WHERE h.account_id = ${accountId}::uuid AND h.phone = ANY(${phones}::text[])
         AND h.held_out_at BETWEEN ${earliest} AND ${occurredAt}`;
    return rows.map(toTouch);
  }

  byIdempotencyKey(accountId: string, idempotencyKey: string): Promise<StoredConversion | null> {
    return this.prisma.conversion.findUnique({ where: { accountId_idempotencyKey: { accountId, idempotencyKey } } });
  }

  /**
   * The conversion, the counters of what it is attributed to (its message, or
   * the holdout member) and its conversion.created webhook event in one
   * transaction: stats read the counters, so they can never disagree with the
   * conversions stored, and a CRM hears of exactly the conversions that were.
   */
  create(conversion: NewConversion, phone: string | null): Promise<StoredConversion> {
    return this.prisma.$transaction(async (tx) => {
      const stored = await tx.conversion.create({ data: conversion });
      const increment = { conversionCount: { increment: 1 }, conversionValue: { increment: conversion.value ?? 0 } };
      if (conversion.attributed && conversion.messageId) {
        await tx.message.update({ where: { id: conversion.messageId }, data: increment });
      } else if (conversion.attributed && conversion.holdout && conversion.campaignId && conversion.recipientId) {
        await tx.holdoutMember.update({ where: { campaignId_recipientId: { campaignId: conversion.campaignId, recipientId: conversion.recipientId } }, data: increment });
      }
      await this.webhookEvents.publish(
        tx,
        conversion.accountId,
        'conversion.created',
        {
          conversion: {
            id: stored.id, name: stored.name, value: stored.value?.toNumber() ?? null, currency: stored.currency,
            occurredAt: stored.occurredAt.toISOString(), idempotencyKey: stored.idempotencyKey, code: stored.code,
            matchedBy: stored.matchedBy, attributed: stored.attributed, holdout: stored.holdout,
          },
          ...(phone && !stored.messageId ? { _phone: phone } : {}),
        },
        { messageId: stored.messageId ?? undefined, campaignId: stored.campaignId ?? undefined, occurredAt: stored.occurredAt, dedupeKey: `conversion.created:${stored.id}` },
      );
      return stored;
    });
  }
}
