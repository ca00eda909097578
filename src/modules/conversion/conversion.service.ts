import { Injectable } from '@nestjs/common';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { normalisePhone } from '../recipient/phone.js';
import { attributeToMessage, attributeToRecipient, type Attribution } from './attribution.js';
import { ConversionRepository, type ConversionRecipient, type MessageTouch, type NewConversion, type StoredConversion } from './conversion.repository.js';
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

/** Who the request says converted: a known message, or the recipients behind a phone or external id. */
type Identity =
  | { matchedBy: 'code' | 'messageId'; touch: MessageTouch }
  | { matchedBy: 'phone' | 'externalId'; recipients: ConversionRecipient[] };

/**
 * The same request again? Compared on what the client sent (not on what it
 * matched, which moves as windows close), so an identical retry is a
 * duplicate even hours later.
 */
function sameRequest(stored: StoredConversion, identity: Identity, dto: CreateConversionDto): boolean {
  const value = dto.value === undefined ? null : dto.value;
  const samePerson = 'touch' in identity ? stored.messageId === identity.touch.messageId : identity.recipients.some((r) => r.id === stored.recipientId);
  return (
    stored.matchedBy === identity.matchedBy &&
    samePerson &&
    stored.name === dto.name.trim() &&
    (stored.value === null ? value === null : value !== null && stored.value.equals(value)) &&
    (dto.currency === undefined || stored.currency === dto.currency.toUpperCase()) &&
    (dto.occurredAt === undefined || stored.occurredAt.getTime() === new Date(dto.occurredAt).getTime())
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
    const identity = await this.identify(account, dto);
    if (dto.idempotencyKey) {
      const earlier = await this.conversions.byIdempotencyKey(account.accountId, dto.idempotencyKey);
      if (earlier) return this.replayed(earlier, identity, dto);
    }
    const candidate = await this.attribute(account.accountId, identity, dto, occurredAt);
    try {
      const phone = 'recipients' in identity ? (identity.recipients.find((r) => r.id === candidate.recipientId)?.phone ?? null) : null;
      const stored = await this.conversions.create(candidate, phone);
      return { conversion: toView(stored, false), created: true };
    } catch (error) {
      // Two requests with one key at once: the unique index let one in; the other is its duplicate.
      if (!dto.idempotencyKey || !isUniqueViolation(error, 'idempotency_key')) throw error;
      const winner = await this.conversions.byIdempotencyKey(account.accountId, dto.idempotencyKey);
      if (!winner) throw error;
      return this.replayed(winner, identity, dto);
    }
  }

  private replayed(stored: StoredConversion, identity: Identity, dto: CreateConversionDto): RecordedConversion {
    if (!sameRequest(stored, identity, dto)) {
      throw new DomainError('conflict', 'idempotency_key_reused', 'idempotencyKey: already used for a different conversion', 'idempotencyKey');
    }
    return { conversion: toView(stored, true), created: false };
  }

  /** The conversion to store: what it is attributed to, inside or outside the window, in which currency. */
  private async attribute(accountId: string, identity: Identity, dto: CreateConversionDto, occurredAt: Date): Promise<NewConversion> {
    let attribution: Attribution;
    let recipientId: string | null;
    if ('touch' in identity) {
      attribution = attributeToMessage(identity.touch, occurredAt);
      recipientId = identity.touch.recipientId;
    } else {
      const touches = await this.conversions.touchesOfPhones(accountId, identity.recipients.map((r) => r.phone), occurredAt);
      attribution = attributeToRecipient(touches, occurredAt);
      recipientId = attribution.touch?.recipientId ?? identity.recipients[0].id;
    }
    const touch = attribution.touch;
    const currency = dto.currency?.toUpperCase() ?? touch?.currency ?? UNMATCHED_DEFAULT_CURRENCY;
    if (touch && currency !== touch.currency) {
      throw new InvalidInputError('currency', `must be ${touch.currency}, the campaign's currency (convert the value before sending it)`, 'currency_mismatch');
    }
    return {
      accountId,
      campaignId: touch?.campaignId ?? null,
      messageId: touch?.messageId ?? null,
      recipientId,
      code: 'touch' in identity ? identity.touch.code : null,
      matchedBy: identity.matchedBy,
      holdout: touch?.kind === 'holdout',
      attributed: attribution.attributed,
      name: dto.name.trim(),
      value: dto.value === undefined ? null : String(dto.value),
      currency,
      occurredAt,
      idempotencyKey: dto.idempotencyKey ?? null,
    };
  }

  private async identify(account: AuthenticatedAccount, dto: CreateConversionDto): Promise<Identity> {
    const byMessage = dto.code !== undefined || dto.messageId !== undefined;
    const byRecipient = dto.phone !== undefined || dto.externalId !== undefined;
    if (!byMessage && !byRecipient) throw new InvalidInputError('code', 'one of code, messageId, phone or externalId is required');
    if (byMessage && byRecipient) throw new InvalidInputError(dto.phone !== undefined ? 'phone' : 'externalId', 'give a code or messageId, or a recipient, not both');
    if (dto.phone !== undefined && dto.externalId !== undefined) throw new InvalidInputError('externalId', 'give phone or externalId, not both');
    return byMessage ? this.identifyMessage(account.accountId, dto) : this.identifyRecipients(account, dto);
  }

  private async identifyMessage(accountId: string, dto: CreateConversionDto): Promise<Identity> {
    const byCode = dto.code ? await this.conversions.touchByCode(accountId, dto.code) : null;
    if (dto.code && !byCode) throw new NotFoundError('Link', dto.code);
    const byId = dto.messageId ? await this.conversions.touchByMessageId(accountId, dto.messageId) : null;
    if (dto.messageId && !byId) throw new NotFoundError('Message', dto.messageId);
    if (byCode && byId && byCode.messageId !== byId.messageId) throw new InvalidInputError('messageId', 'is not the message of code');
    return byCode ? { matchedBy: 'code', touch: byCode } : { matchedBy: 'messageId', touch: byId! };
  }

  private async identifyRecipients(account: AuthenticatedAccount, dto: CreateConversionDto): Promise<Identity> {
    if (dto.phone !== undefined) {
      const phone = normalisePhone(dto.phone, account.defaultCountry);
      if (!phone.ok) throw new InvalidInputError('phone', phone.reason);
      const recipients = await this.conversions.recipientsByPhone(account.accountId, phone.e164);
      if (recipients.length === 0) throw new NotFoundError('Recipient', phone.e164);
      return { matchedBy: 'phone', recipients };
    }
    const recipients = await this.conversions.recipientsByExternalId(account.accountId, dto.externalId!);
    if (recipients.length === 0) throw new NotFoundError('Recipient', dto.externalId!);
    return { matchedBy: 'externalId', recipients };
  }

}
