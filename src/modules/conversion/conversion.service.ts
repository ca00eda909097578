import { Injectable } from '@nestjs/common';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { normalisePhone } from '../recipient/phone.js';
import { attributeToMessage, attributeToRecipient, type Attribution, type MatchedBy } from './attribution.js';
import { ConversionRepository, type NewConversion, type StoredConversion } from './conversion.repository.js';
import type { ConversionView } from './dto/conversion.view.js';
import type { CreateConversionDto } from './dto/create-conversion.dto.js';

/** Conversions reported from the future beyond this are a client clock or unit error. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The currency of a recipient-reported conversion that matched no campaign, when the request names none. */
const UNMATCHED_DEFAULT_CURRENCY = 'USD';

export interface RecordedConversion {
  conversion: ConversionView;
  /** False when an earlier request with the same idempotencyKey stored it. */
  created: boolean;
}

/** Who converted and what that matched. */
interface Resolved {
  matchedBy: MatchedBy;
  attribution: Attribution;
  code: string | null;
  recipientId: string | null;
  phone: string | null;
}

/** The same request again? Compared on what the client sent and what it matched, so an identical retry is a duplicate. */
function sameConversion(stored: StoredConversion, candidate: NewConversion, dto: CreateConversionDto): boolean {
  return (
    stored.matchedBy === candidate.matchedBy &&
    stored.messageId === candidate.messageId &&
    stored.recipientId === candidate.recipientId &&
    stored.name === candidate.name &&
    (stored.value === null ? candidate.value === null : candidate.value !== null && stored.value.equals(candidate.value)) &&
    stored.currency === candidate.currency &&
    (dto.occurredAt === undefined || stored.occurredAt.getTime() === candidate.occurredAt.getTime())
  );
}

function toView(stored: StoredConversion, duplicate: boolean): ConversionView {
  return {
    id: stored.id,
    messageId: stored.messageId,
    campaignId: stored.campaignId,
    recipientId: stored.recipientId,
    code: stored.code,
    matchedBy: stored.matchedBy,
    holdout: stored.holdout,
    attributed: stored.attributed,
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

  /**
   * POST /v1/conversions: attribute to the message behind `code` or
   * `messageId`, or to the recipient's latest touch (message or holdout) by
   * `phone` or `externalId`; once per idempotencyKey. Outside the campaign's
   * attribution window it is stored, not counted.
   */
  async record(account: AuthenticatedAccount, dto: CreateConversionDto): Promise<RecordedConversion> {
    const occurredAt = dto.occurredAt ? new Date(dto.occurredAt) : new Date();
    if (occurredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) throw new InvalidInputError('occurredAt', 'must not be in the future');
    const resolved = await this.resolve(account, dto, occurredAt);
    const touch = resolved.attribution.touch;
    const currency = dto.currency?.toUpperCase() ?? touch?.currency ?? UNMATCHED_DEFAULT_CURRENCY;
    if (touch && currency !== touch.currency) {
      throw new InvalidInputError('currency', `must be ${touch.currency}, the campaign's currency (convert the value before sending it)`, 'currency_mismatch');
    }
    const candidate: NewConversion = {
      accountId: account.accountId,
      campaignId: touch?.campaignId ?? null,
      messageId: touch?.messageId ?? null,
      recipientId: touch?.recipientId ?? resolved.recipientId,
      code: resolved.code,
      matchedBy: resolved.matchedBy,
      holdout: touch?.kind === 'holdout',
      attributed: resolved.attribution.attributed,
      name: dto.name.trim(),
      value: dto.value === undefined ? null : String(dto.value),
      currency,
      occurredAt,
      idempotencyKey: dto.idempotencyKey ?? null,
    };
    if (dto.idempotencyKey) {
      const earlier = await this.conversions.byIdempotencyKey(account.accountId, dto.idempotencyKey);
      if (earlier) return this.replayed(earlier, candidate, dto);
    }
    try {
      const stored = await this.conversions.create(candidate, resolved.phone);
      return { conversion: toView(stored, false), created: true };
    } catch (error) {
      // Two requests with one key at once: the unique index let one in; the other is its duplicate.
      if (!dto.idempotencyKey || !isUniqueViolation(error, 'idempotency_key')) throw error;
      const winner = await this.conversions.byIdempotencyKey(account.accountId, dto.idempotencyKey);
      if (!winner) throw error;
      return this.replayed(winner, candidate, dto);
    }
  }

  private replayed(stored: StoredConversion, candidate: NewConversion, dto: CreateConversionDto): RecordedConversion {
    if (!sameConversion(stored, candidate, dto)) {
      throw new DomainError('conflict', 'idempotency_key_reused', 'idempotencyKey: already used for a different conversion', 'idempotencyKey');
    }
    return { conversion: toView(stored, true), created: false };
  }

  private async resolve(account: AuthenticatedAccount, dto: CreateConversionDto, occurredAt: Date): Promise<Resolved> {
    const byMessage = dto.code !== undefined || dto.messageId !== undefined;
    const byRecipient = dto.phone !== undefined || dto.externalId !== undefined;
    if (!byMessage && !byRecipient) throw new InvalidInputError('code', 'one of code, messageId, phone or externalId is required');
    if (byMessage && byRecipient) throw new InvalidInputError(dto.phone !== undefined ? 'phone' : 'externalId', 'give a code or messageId, or a recipient, not both');
    if (dto.phone !== undefined && dto.externalId !== undefined) throw new InvalidInputError('externalId', 'give phone or externalId, not both');
    return byMessage ? this.resolveMessage(account.accountId, dto, occurredAt) : this.resolveRecipient(account, dto, occurredAt);
  }

  private async resolveMessage(accountId: string, dto: CreateConversionDto, occurredAt: Date): Promise<Resolved> {
    const byCode = dto.code ? await this.conversions.touchByCode(accountId, dto.code) : null;
    if (dto.code && !byCode) throw new NotFoundError('Link', dto.code);
    const byId = dto.messageId ? await this.conversions.touchByMessageId(accountId, dto.messageId) : null;
    if (dto.messageId && !byId) throw new NotFoundError('Message', dto.messageId);
    if (byCode && byId && byCode.messageId !== byId.messageId) throw new InvalidInputError('messageId', 'is not the message of code');
    const touch = (byCode ?? byId)!;
    return { matchedBy: byCode ? 'code' : 'messageId', attribution: attributeToMessage(touch, occurredAt), code: byCode?.code ?? null, recipientId: touch.recipientId, phone: null };
  }

  private async resolveRecipient(account: AuthenticatedAccount, dto: CreateConversionDto, occurredAt: Date): Promise<Resolved> {
    let recipients;
    if (dto.phone !== undefined) {
      const phone = normalisePhone(dto.phone, account.defaultCountry);
      if (!phone.ok) throw new InvalidInputError('phone', phone.reason);
      recipients = await this.conversions.recipientsByPhone(account.accountId, phone.e164);
      if (recipients.length === 0) throw new NotFoundError('Recipient', phone.e164);
    } else {
      recipients = await this.conversions.recipientsByExternalId(account.accountId, dto.externalId!);
      if (recipients.length === 0) throw new NotFoundError('Recipient', dto.externalId!);
    }
    const touches = await this.conversions.touchesOfPhones(account.accountId, recipients.map((r) => r.phone), occurredAt);
    const attribution = attributeToRecipient(touches, occurredAt);
    const recipient = recipients.find((r) => r.id === attribution.touch?.recipientId) ?? recipients[0];
    return { matchedBy: dto.phone !== undefined ? 'phone' : 'externalId', attribution, code: null, recipientId: recipient.id, phone: recipient.phone };
  }
}
