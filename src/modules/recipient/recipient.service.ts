import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';
import { maskPhone } from '../../common/mask.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import type { RecipientDetailsDto } from './dto/recipient-responses.dto.js';
import { normalisePhone } from './phone.js';
import { readRecipientCsv } from './recipient-csv.js';
import { RecipientIntake, UpsertRecipientsResult } from './recipient-intake.js';
import { RecipientLimits } from './recipient-limits.js';
import { RecipientRepository } from './recipient.repository.js';

@Injectable()
export class RecipientService {
  private readonly logger = new Logger(RecipientService.name);

  constructor(private readonly recipients: RecipientRepository) {}

  /** JSON upsert: at most maxJsonRows rows, so one statement and all-or-nothing for the valid rows. */
  async upsert(account: AuthenticatedAccount, rows: unknown[]): Promise<UpsertRecipientsResult> {
    const intake = this.intake(account, Number.POSITIVE_INFINITY);
    for (const [index, row] of rows.entries()) await intake.add(index, row);
    return intake.finish();
  }

  /**
   * CSV import, streamed: rows are validated as they are parsed and upserted
   * in batches, so the file is never held in memory. Batches already
   * written stay written if the file turns out malformed further down; the
   * upsert is idempotent, so the fixed file can simply be sent again.
   */
  async importCsv(account: AuthenticatedAccount, body: unknown): Promise<UpsertRecipientsResult> {
    if (!isReadable(body)) {
      throw new DomainError('invalid', 'csv_expected', 'Content-Type: send the file as text/csv (header row with a phone column)', 'content-type');
    }
    const started = Date.now();
    const intake = this.intake(account, RecipientLimits.csvBatchSize);
    try {
      for await (const item of readRecipientCsv(body)) {
        if ('row' in item) await intake.add(item.index, item.row);
        else intake.rejectRow(item.index, item.phone, item.problem);
      }
    } catch (error) {
      throw withProgress(error, await intake.progress());
    }
    const result = await intake.finish();
    this.logger.log(
      `CSV import for account ${account.accountId}: ${result.created} created, ${result.updated} updated, ` +
        `${result.rejectedCount} rejected in ${Date.now() - started} ms`,
    );
    return result;
  }

  async getByPhone(account: AuthenticatedAccount, rawPhone: string): Promise<RecipientDetailsDto> {
    const phone = normalisePhone(rawPhone, account.defaultCountry);
    if (!phone.ok) throw new InvalidInputError('phone', phone.reason);
    const recipient = await this.recipients.findByPhone(account.accountId, phone.e164);
    if (!recipient) throw new NotFoundError('Recipient', maskPhone(phone.e164));
    const senders = await this.recipients.accountSenders(account.accountId);
    const [optOuts, messages, inbound] = await Promise.all([
      this.recipients.findOptOuts(phone.e164, senders),
      this.recipients.findRecentMessages(account.accountId, recipient.id, RecipientLimits.historyLimit),
      this.recipients.findRecentInbound(phone.e164, senders, RecipientLimits.historyLimit),
    ]);
    return {
      phone: recipient.phone,
      externalId: recipient.externalId,
      segments: recipient.segments,
      attributes: recipient.attributes as Record<string, unknown>,
      timezone: recipient.timezone,
      createdAt: recipient.createdAt,
      updatedAt: recipient.updatedAt,
      optedOut: optOuts.some((optOut) => optOut.optedOut),
      optOuts: optOuts.map(({ sender, optedOut, changedAt }) => ({ sender, optedOut, changedAt })),
      messages: messages.map((message) => ({
        id: message.id,
        campaignId: message.campaignId,
        campaignName: message.campaign.name,
        variant: message.variant,
        segment: message.segment,
        sender: message.sender,
        status: message.status,
        suppressionReason: message.suppressionReason,
        errorCode: message.errorCode,
        createdAt: message.createdAt,
        sentAt: message.sentAt,
        deliveredAt: message.deliveredAt,
        failedAt: message.failedAt ?? message.undeliveredAt,
        firstHumanClickAt: message.firstHumanClickAt,
        humanClicks: message.humanClicks,
        optedOutAt: message.optedOutAt,
      })),
      inbound: inbound.map(({ kind, body, sender, receivedAt }) => ({ kind, body, sender, receivedAt })),
    };
  }

  private intake(account: AuthenticatedAccount, batchSize: number): RecipientIntake {
    return new RecipientIntake(account.defaultCountry, (rows) => this.recipients.upsertBatch(account.accountId, rows), batchSize);
  }
}

function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

/** A CSV error after some batches were written says how far the import got. */
function withProgress(error: unknown, progress: { created: number; updated: number; rejectedCount: number }): unknown {
  if (!(error instanceof DomainError) || progress.created + progress.updated === 0) return error;
  const done = `; the import stopped there, after writing ${progress.created} new and ${progress.updated} existing recipients from earlier batches`;
  return new DomainError(error.kind, error.code, error.message + done, error.field);
}
