import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import { receiptFor } from './message-status.js';
import { SendRepository } from './send.repository.js';

/** The fields of a Twilio StatusCallback we use. */
export interface StatusCallback {
  MessageSid?: string;
  MessageStatus?: string;
  ErrorCode?: string;
}

export type ReceiptOutcome = 'applied' | 'unknown_message' | 'ignored_status' | 'invalid';

/** Delivery receipts from the provider, applied with precedence (message-status.ts) and idempotently. */
@Injectable()
export class ReceiptService {
  private readonly logger = new Logger(ReceiptService.name);

  constructor(
    private readonly repository: SendRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** `messageId` comes from the callback URL we gave the provider (absent for callbacks configured elsewhere). */
  async applyStatusCallback(params: StatusCallback, messageId?: string): Promise<ReceiptOutcome> {
    const sid = params.MessageSid;
    if (!sid || !params.MessageStatus) return this.count('invalid');
    const receipt = receiptFor(params.MessageStatus);
    if (!receipt) return this.count('ignored_status');
    const errorCode = parseErrorCode(params.ErrorCode);
    const updated = await this.repository.applyReceipt({ messageId, sid, receipt, at: new Date(), errorCode });
    if (!updated) {
      // Not ours (another system shares the account) or already deleted: nothing to do, and Twilio must not retry.
      this.logger.warn(`Status callback for unknown message ${sid} (${params.MessageStatus}) ignored`);
      return this.count('unknown_message');
    }
    return this.count('applied');
  }

  private count(outcome: ReceiptOutcome): ReceiptOutcome {
    this.metrics.providerWebhooks.inc({ kind: 'status', outcome: outcome === 'applied' ? 'accepted' : 'ignored' });
    return outcome;
  }
}

function parseErrorCode(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}
