import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { WebhookEventPublisher } from '../webhook/webhook-event.publisher.js';

export interface AttributableMessage {
  messageId: string;
  campaignId: string;
  currency: string;
  code: string | null;
}

export interface NewConversion {
  accountId: string;
  campaignId: string;
  messageId: string;
  code: string | null;
  name: string;
  value: string | null;
  currency: string;
  occurredAt: Date;
  idempotencyKey: string | null;
}

export type StoredConversion = Prisma.ConversionGetPayload<object>;

@Injectable()
export class ConversionRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly webhookEvents: WebhookEventPublisher,
  ) {}

  async messageByCode(accountId: string, code: string): Promise<AttributableMessage | null> {
    const link = await this.prisma.link.findFirst({
      where: { code, accountId },
      select: { code: true, messageId: true, campaignId: true, campaign: { select: { currency: true } } },
    });
    return link && { messageId: link.messageId, campaignId: link.campaignId, currency: link.campaign.currency, code: link.code };
  }

  async messageById(accountId: string, messageId: string): Promise<AttributableMessage | null> {
    const message = await this.prisma.message.findFirst({
      where: { id: messageId, accountId },
      select: { id: true, campaignId: true, campaign: { select: { currency: true } } },
    });
    return message && { messageId: message.id, campaignId: message.campaignId, currency: message.campaign.currency, code: null };
  }

  byIdempotencyKey(accountId: string, idempotencyKey: string): Promise<StoredConversion | null> {
    return this.prisma.conversion.findUnique({ where: { accountId_idempotencyKey: { accountId, idempotencyKey } } });
  }

  /**
   * The conversion, its message's counters and its conversion.created
   * webhook event in one transaction: stats read the counters, so they can
   * never disagree with the conversions stored, and a CRM hears of exactly
   * the conversions that were.
   */
  create(conversion: NewConversion): Promise<StoredConversion> {
    return this.prisma.$transaction(async (tx) => {
      const stored = await tx.conversion.create({ data: conversion });
      await tx.message.update({
        where: { id: conversion.messageId },
        data: { conversionCount: { increment: 1 }, conversionValue: { increment: conversion.value ?? 0 } },
      });
      await this.webhookEvents.publish(
        tx,
        conversion.accountId,
        'conversion.created',
        {
          conversion: {
            id: stored.id, name: stored.name, value: stored.value?.toNumber() ?? null, currency: stored.currency,
            occurredAt: stored.occurredAt.toISOString(), idempotencyKey: stored.idempotencyKey, code: stored.code,
          },
        },
        { messageId: stored.messageId, campaignId: stored.campaignId, occurredAt: stored.occurredAt, dedupeKey: `conversion.created:${stored.id}` },
      );
      return stored;
    });
  }
}
