import { Injectable } from '@nestjs/common';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import { ConversionRepository, type AttributableMessage, type StoredConversion } from './conversion.repository.js';
import type { ConversionView } from './dto/conversion.view.js';
import type { CreateConversionDto } from './dto/create-conversion.dto.js';

/** Conversions reported from the future beyond this are a client clock or unit error. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface RecordedConversion {
  conversion: ConversionView;
  /** False when an earlier request with the same idempotencyKey stored it. */
  created: boolean;
}

/** The same request again? Compared on what the client sent, so a retry with identical fields is a duplicate. */
function sameConversion(stored: StoredConversion, message: AttributableMessage, dto: CreateConversionDto, currency: string): boolean {
  const value = dto.value === undefined ? null : dto.value;
  return (
    stored.messageId === message.messageId &&
    stored.name === dto.name.trim() &&
    (stored.value === null ? value === null : value !== null && stored.value.equals(value)) &&
    stored.currency === currency &&
    (dto.occurredAt === undefined || stored.occurredAt.getTime() === new Date(dto.occurredAt).getTime())
  );
}

function toView(stored: StoredConversion, duplicate: boolean): ConversionView {
  return {
    id: stored.id,
    messageId: stored.messageId,
    campaignId: stored.campaignId,
    code: stored.code,
    name: stored.name,
    value: stored.value?.toNumber() ?? null,
    currency: stored.currency,
    occurredAt: stored.occurredAt.toISOString(),
    idempotencyKey: stored.idempotencyKey,
    createdAt: stored.createdAt.toISOString(),
    duplicate,
  };
}

@Injectable()
export class ConversionService {
  constructor(private readonly conversions: ConversionRepository) {}

  /** POST /v1/conversions: attribute to the message behind `code` or `messageId`, once per idempotencyKey. */
  async record(accountId: string, dto: CreateConversionDto): Promise<RecordedConversion> {
    const message = await this.attributableMessage(accountId, dto);
    const currency = dto.currency?.toUpperCase() ?? message.currency;
    if (currency !== message.currency) {
      throw new InvalidInputError('currency', `must be ${message.currency}, the campaign's currency (convert the value before sending it)`, 'currency_mismatch');
    }
    const occurredAt = dto.occurredAt ? new Date(dto.occurredAt) : new Date();
    if (occurredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) throw new InvalidInputError('occurredAt', 'must not be in the future');
    if (dto.idempotencyKey) {
      const earlier = await this.conversions.byIdempotencyKey(accountId, dto.idempotencyKey);
      if (earlier) return this.replayed(earlier, message, dto, currency);
    }
    try {
      const stored = await this.conversions.create({
        accountId,
        campaignId: message.campaignId,
        messageId: message.messageId,
        code: message.code,
        name: dto.name.trim(),
        value: dto.value === undefined ? null : String(dto.value),
        currency,
        occurredAt,
        idempotencyKey: dto.idempotencyKey ?? null,
      });
      return { conversion: toView(stored, false), created: true };
    } catch (error) {
      // Two requests with one key at once: the unique index let one in; the other is its duplicate.
      if (!dto.idempotencyKey || !isUniqueViolation(error, 'idempotency_key')) throw error;
      const winner = await this.conversions.byIdempotencyKey(accountId, dto.idempotencyKey);
      if (!winner) throw error;
      return this.replayed(winner, message, dto, currency);
    }
  }

  private replayed(stored: StoredConversion, message: AttributableMessage, dto: CreateConversionDto, currency: string): RecordedConversion {
    if (!sameConversion(stored, message, dto, currency)) {
      throw new DomainError('conflict', 'idempotency_key_reused', 'idempotencyKey: already used for a different conversion', 'idempotencyKey');
    }
    return { conversion: toView(stored, true), created: false };
  }

  private async attributableMessage(accountId: string, dto: CreateConversionDto): Promise<AttributableMessage> {
    if (!dto.code && !dto.messageId) throw new InvalidInputError('code', 'code or messageId is required');
    const byCode = dto.code ? await this.conversions.messageByCode(accountId, dto.code) : null;
    if (dto.code && !byCode) throw new NotFoundError('Link', dto.code);
    const byId = dto.messageId ? await this.conversions.messageById(accountId, dto.messageId) : null;
    if (dto.messageId && !byId) throw new NotFoundError('Message', dto.messageId);
    if (byCode && byId && byCode.messageId !== byId.messageId) throw new InvalidInputError('messageId', 'is not the message of code');
    return byCode ?? byId!;
  }
}
