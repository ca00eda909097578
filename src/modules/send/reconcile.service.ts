import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { defaultJobOptions, JobNames, jobIdFor, Queues, SendMessageJob } from '../../queue/queues.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PROVIDER_REQUEST_TIMEOUT_MS } from '../sms-provider/sms-provider.js';
import { receiptFor } from './message-status.js';
import { ProviderMessageMatcher } from './provider-message-matcher.js';
import { ClaimedMessage, SendRepository } from './send.repository.js';

const BATCH = 200;
/** Floor on SEND_RECONCILE_AFTER_SECONDS: twice the provider timeout, so no call can still be in flight. */
export const MIN_RECONCILE_AFTER_MS = 2 * PROVIDER_REQUEST_TIMEOUT_MS;

export interface ReconcileSummary {
  checked: number;
  foundAtProvider: number;
  requeued: number;
  unresolved: number;
}

/**
 * Messages left in `sending` (a worker died mid-call, or the call's outcome was
 * unknown and could not be verified) are never resent blindly: we ask the
 * provider. Found -> record its sid, the message was sent. Not found -> it never
 * reached the provider: back to `queued` and a fresh send job.
 */
@Injectable()
export class ReconcileService {
  private readonly logger = new Logger(ReconcileService.name);

  constructor(
    private readonly repository: SendRepository,
    private readonly matcher: ProviderMessageMatcher,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @InjectQueue(Queues.send) private readonly sendQueue: Queue<SendMessageJob>,
  ) {}

  async reconcileStuckSending(now = new Date()): Promise<ReconcileSummary> {
    // The env allows values down to 5 s; requeueing a claim whose call may still be in flight would send twice.
    const waitMs = Math.max(this.config.SEND_RECONCILE_AFTER_SECONDS * 1000, MIN_RECONCILE_AFTER_MS);
    const before = new Date(now.getTime() - waitMs);
    const stuck = await this.repository.findStuckSending(before, BATCH);
    const summary: ReconcileSummary = { checked: stuck.length, foundAtProvider: 0, requeued: 0, unresolved: 0 };
    for (const message of stuck) {
      const result = await this.reconcileOne(message);
      summary[result] += 1;
    }
    if (stuck.length) this.logger.log(`Reconciled ${JSON.stringify(summary)}`);
    return summary;
  }

  private async reconcileOne(message: ClaimedMessage): Promise<'foundAtProvider' | 'requeued' | 'unresolved'> {
    let found;
    try {
      found = await this.matcher.findAtProvider(message);
    } catch (error) {
      this.metrics.errors.inc({ where: 'reconcile' });
      this.logger.warn(`Provider lookup for message ${message.id} failed, will try again: ${String(error)}`);
      return 'unresolved';
    }
    if (found) {
      await this.repository.recordAccepted(message.id, found.sid, found.dateCreated);
      const receipt = receiptFor(found.status);
      // Status only: per-status timestamps come from the provider's callbacks, which carry the real times.
      if (receipt) await this.repository.applyReceipt({ messageId: message.id, sid: found.sid, receipt: { status: receipt.status, stamp: null }, at: new Date() });
      return 'foundAtProvider';
    }
    if (!(await this.repository.requeue(message.id, undefined, message.sendingAt))) return 'unresolved';
    await this.enqueueSend(message);
    return 'requeued';
  }

  /**
   * A new job id per reconciled claim: the original job (same deterministic id)
   * may still exist, completed or even active in a hung worker, and adding
   * under its id would be a silent no-op. The database claim, not the job id,
   * is what prevents a double send.
   */
  private async enqueueSend(message: ClaimedMessage): Promise<void> {
    const jobId = `${jobIdFor('send', message.id)}-r${message.sendingAt.getTime()}`;
    await this.sendQueue.add(JobNames.sendMessage, { messageId: message.id }, defaultJobOptions({ jobId }));
  }
}
