import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../../common/mask.js';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { OptOutService } from '../opt-out/opt-out.service.js';
import { SMS_PROVIDER, type SmsProvider } from '../sms-provider/sms-provider.js';
import { capReason, effectiveSendWindow, type FrequencyCap, type FrequencyCapReason, hasCap } from './frequency-cap.js';
import { zonesForRecipient } from './phone-zone.js';
import { nextAllowedTime } from './quiet-hours.js';
import { ProviderMessageMatcher } from './provider-message-matcher.js';
import { classifySendError, SendErrorOutcome } from './send-outcome.js';
import { SendRateLimiter } from './send-rate-limiter.js';
import { ClaimedMessage, SendContext, SendRepository } from './send.repository.js';

/** What the send job should do next; the processor turns `delay` into a BullMQ delayed job. */
export type SendDecision =
  | { kind: 'done'; outcome: 'sent' | 'failed' | 'suppressed' | 'cancelled' | 'frequency_capped' | 'skipped' | 'unknown' }
  | { kind: 'delay'; until: Date; reason: 'quiet_hours' | 'not_before' | 'rate_limit' };

/** Thrown to make BullMQ retry the job with backoff; the message is back in `queued`. */
export class RetryableSendError extends Error {
  override readonly name = 'RetryableSendError';
}

/**
 * One message, from queued to the provider. The no-double-send guarantee is the
 * database state machine: only the worker whose UPDATE moved the row from
 * `queued` to `sending` may call the provider, and a row leaves `sending` only
 * with proof (a sid, a definite provider error) or through reconciliation.
 */
@Injectable()
export class SendService {
  private readonly logger = new Logger(SendService.name);

  constructor(
    private readonly repository: SendRepository,
    private readonly optOuts: OptOutService,
    private readonly limiter: SendRateLimiter,
    private readonly matcher: ProviderMessageMatcher,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
  ) {}

  /** `finalAttempt`: BullMQ will not retry again, so a retryable error must settle the message as failed. */
  async send(messageId: string, { finalAttempt }: { finalAttempt: boolean }): Promise<SendDecision> {
    const context = await this.repository.loadSendContext(messageId);
    if (!context || context.status !== 'queued') return this.done('skipped');
    if (context.campaignStatus === 'cancelled') {
      await this.repository.cancelIfCampaignCancelled(messageId);
      return this.done('cancelled');
    }
    const wait = await this.waitForSchedule(context);
    if (wait) return wait;
    const cap: FrequencyCap = { per24Hours: context.frequencyCap24h, per7Days: context.frequencyCap7d };
    if (hasCap(cap) && (await this.skipIfCapped(context, cap))) return this.done('frequency_capped');
    const rateWait = await this.waitForRate(context);
    if (rateWait) return rateWait;

    const claimed = await this.claim(context, cap);
    if (claimed === 'frequency_capped') return this.done('frequency_capped');
    if (!claimed) return this.done('skipped');
    if (await this.optOuts.isOptedOut(claimed.sender, claimed.phone)) {
      await this.repository.markSuppressed(claimed.id, 'opted_out');
      return this.done('suppressed');
    }
    return this.handOver(claimed, finalAttempt);
  }

  /** Schedule and quiet hours (then, after the cap, the sender's rate): checked before claiming, so waiting costs no attempt. */
  private async waitForSchedule(context: SendContext): Promise<SendDecision | null> {
    const now = new Date();
    if (context.notBefore && context.notBefore > now) return { kind: 'delay', until: context.notBefore, reason: 'not_before' };
    const window = effectiveSendWindow(context, context.accountQuietHours);
    const allowedAt = window && nextAllowedTime(now, window, zonesForRecipient(context.phone, context.recipientTimezone));
    if (allowedAt) {
      await this.repository.setNotBefore(context.id, allowedAt);
      return { kind: 'delay', until: allowedAt, reason: 'quiet_hours' };
    }
    return null;
  }

  private async waitForRate(context: SendContext): Promise<SendDecision | null> {
    const rateDelayMs = await this.limiter.reserve(context.sender, context.sendRate);
    if (rateDelayMs > 0) return { kind: 'delay', until: new Date(Date.now() + rateDelayMs), reason: 'rate_limit' };
    return null;
  }

  /**
   * queued -> sending; under a frequency cap, atomically with the count of the
   * phone's recent sends (or queued -> skipped for good when the cap is reached:
   * a marketing message sent days late, once the phone frees up, would be worse
   * than none, and the campaign could not complete meanwhile).
   */
  private async claim(context: SendContext, cap: FrequencyCap): Promise<ClaimedMessage | 'frequency_capped' | null> {
    if (!hasCap(cap)) return this.repository.claim(context.id);
    const outcome = await this.repository.claimWithinCap(context, (recent) => capReason(recent, cap));
    if (outcome?.kind === 'skipped') {
      this.countSkip(context, outcome.reason);
      return 'frequency_capped';
    }
    return outcome?.kind === 'claimed' ? outcome.message : null;
  }

  /**
   * A phone that is most likely at its cap (an unlocked count says so) is
   * skipped before the sender's rate is reserved, so a campaign whose audience
   * is largely capped does not spend the sender's throughput on messages that
   * never go. The skip itself is decided under the lock, like the claim.
   */
  private async skipIfCapped(context: SendContext, cap: FrequencyCap): Promise<boolean> {
    if (!capReason(await this.repository.recentSends(context), cap)) return false;
    const outcome = await this.repository.claimWithinCap(context, (recent) => capReason(recent, cap), { skipOnly: true });
    if (outcome?.kind !== 'skipped') return false;
    this.countSkip(context, outcome.reason);
    return true;
  }

  private countSkip(context: SendContext, reason: FrequencyCapReason): void {
    this.metrics.sendsSkipped.inc({ reason });
    this.logger.debug(`Message ${context.id} to ${maskPhone(context.phone)} skipped: ${reason}`);
  }

  private async handOver(message: ClaimedMessage, finalAttempt: boolean): Promise<SendDecision> {
    try {
      const accepted = await this.provider.send({
        to: message.phone,
        sender: message.sender,
        body: message.body,
        statusCallback: this.statusCallbackUrl(message.id),
      });
      await this.repository.recordAccepted(message.id, accepted.sid, accepted.acceptedAt);
      return this.done('sent');
    } catch (error) {
      return this.settleError(message, classifySendError(error), finalAttempt);
    }
  }

  private async settleError(message: ClaimedMessage, outcome: SendErrorOutcome, finalAttempt: boolean): Promise<SendDecision> {
    const failure = { code: outcome.code, message: outcome.message };
    switch (outcome.kind) {
      case 'suppress':
        await this.repository.markSuppressed(message.id, outcome.reason, failure);
        if (outcome.reason === 'provider_opted_out') await this.optOuts.recordProviderOptOut(message.sender, message.phone);
        return this.done('suppressed');
      case 'fail':
        await this.repository.markFailed(message.id, failure);
        this.logger.warn(`Message ${message.id} to ${maskPhone(message.phone)} failed permanently: ${outcome.code ?? ''} ${outcome.message}`);
        return this.done('failed');
      case 'verify':
        return this.verifyAtProvider(message, failure);
      case 'retry':
        return this.retryOrFail(message, failure, finalAttempt);
    }
  }

  /**
   * The request may have reached the provider. Found there -> it was sent. Not
   * found (or the provider cannot be asked) -> still not proof it never
   * arrived: a request that timed out on our side can still be processed by
   * the provider. The message stays `sending` and the reconciler asks again
   * once SEND_RECONCILE_AFTER_SECONDS have passed, then resends if still absent.
   */
  private async verifyAtProvider(message: ClaimedMessage, failure: { code?: number; message: string }): Promise<SendDecision> {
    const found = await this.matcher.findAtProvider(message).catch((lookupError: unknown) => {
      this.logger.warn(`Could not look message ${message.id} up at the provider: ${String(lookupError)}`);
      return null;
    });
    if (found) {
      await this.repository.recordAccepted(message.id, found.sid, found.dateCreated);
      return this.done('sent');
    }
    await this.repository.noteError(message.id, failure);
    this.logger.warn(`Outcome of message ${message.id} unknown (${failure.message}); left in sending for reconciliation`);
    return this.done('unknown');
  }

  private async retryOrFail(message: ClaimedMessage, failure: { code?: number; message: string }, finalAttempt: boolean): Promise<SendDecision> {
    if (finalAttempt) {
      await this.repository.markFailed(message.id, failure);
      this.metrics.errors.inc({ where: 'send' });
      return this.done('failed');
    }
    await this.repository.requeue(message.id, failure);
    this.metrics.messagesSent.inc({ outcome: 'retried' });
    throw new RetryableSendError(`Provider refused message ${message.id} for now: ${failure.code ?? ''} ${failure.message}`);
  }

  /** The message id in the callback URL lets a receipt find its message even before our own write of the sid lands. */
  private statusCallbackUrl(messageId: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/twilio/status?messageId=${messageId}`;
  }

  private done(outcome: Extract<SendDecision, { kind: 'done' }>['outcome']): SendDecision {
    if (outcome !== 'skipped' && outcome !== 'unknown' && outcome !== 'frequency_capped') this.metrics.messagesSent.inc({ outcome });
    if (outcome === 'unknown') this.metrics.errors.inc({ where: 'send' });
    return { kind: 'done', outcome };
  }
}
