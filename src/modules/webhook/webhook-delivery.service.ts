import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { DeliverWebhookJob, JobNames, Queues, webhookJobId } from '../../queue/queues.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { delayBeforeNextAttempt } from './retry-schedule.js';
import { signedHeaders, signingSecrets } from './signing.js';
import type { DisabledReason } from './webhook-events.js';
import { postWebhook } from './webhook-http.js';
import { buildPayload } from './webhook-payload.js';
import { ClaimedDelivery, WebhookRepository } from './webhook.repository.js';

/** Events per fan-out transaction, and at most this many transactions per fan-out run. */
const FAN_OUT_BATCH = 500;
const FAN_OUT_BATCHES_PER_RUN = 20;
/** A claimed attempt may run this long past the request timeout before the sweep assumes its worker died. */
const LEASE_MARGIN_MS = 30_000;
/** A pending delivery this far past its time has lost its job (or its worker): the sweep queues it again. */
const OVERDUE_AFTER_MS = 30_000;
const SWEEP_BATCH = 500;

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'exhausted' | 'gone' | 'disabled';

/** BullMQ job options of a delivery attempt: our own schedule retries, BullMQ only rides out infrastructure errors. */
export function deliveryJobOptions(jobId: string, delayMs = 0) {
  return {
    jobId,
    delay: Math.max(0, delayMs),
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    // Ids are reused by the sweep when a delivery is overdue: finished jobs must not keep them.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/**
 * The worker side of CRM webhooks: fans the outbox out to endpoints, makes
 * each delivery attempt (signed, pinned to a checked address, timed out),
 * schedules the next attempt on failure and disables endpoints that answer
 * 410 or fail for WEBHOOK_DISABLE_AFTER_HOURS without a single success.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly schedule: number[];

  constructor(
    private readonly repository: WebhookRepository,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @InjectQueue(Queues.webhookDelivery) private readonly queue: Queue<DeliverWebhookJob>,
  ) {
    this.schedule = config.webhookRetryScheduleMs;
  }

  /** Turns new events into deliveries and queues their first attempts; returns how many deliveries were made. */
  async fanOut(): Promise<number> {
    let made = 0;
    for (let batch = 0; batch < FAN_OUT_BATCHES_PER_RUN; batch++) {
      let events = 0;
      const deliveries = await this.repository.fanOut(FAN_OUT_BATCH, this.schedule[0], (rows) => {
        events = rows.length;
        return new Map(rows.map((row) => [row.id, JSON.stringify(buildPayload(row, this.config.SHORT_LINK_BASE_URL))]));
      });
      this.metrics.webhookFanOut.inc({ kind: 'event' }, events);
      this.metrics.webhookFanOut.inc({ kind: 'delivery' }, deliveries.length);
      await this.enqueue(deliveries.map((d) => ({ id: d.id, attempts: d.attempts, delayMs: d.delayMs })));
      made += deliveries.length;
      if (events < FAN_OUT_BATCH) break;
    }
    return made;
  }

  /** Queues again the pending deliveries whose attempt is overdue (lost job, dead worker). */
  async sweepOverdue(): Promise<number> {
    const overdue = await this.repository.overdue(OVERDUE_AFTER_MS, SWEEP_BATCH);
    await this.enqueue(overdue.map((d) => ({ ...d, delayMs: 0 })));
    return overdue.length;
  }

  async attempt(deliveryId: string): Promise<AttemptOutcome> {
    const delivery = await this.repository.claim(deliveryId, this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
    if (!delivery) return 'skipped';
    const now = new Date();
    const result = await postWebhook({
      url: delivery.url,
      body: delivery.payload,
      headers: signedHeaders(signingSecrets(delivery, now), delivery.eventId, now, delivery.payload),
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });
    const record = { startedAt: now, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error, responseBody: result.responseBody };
    if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
      await this.repository.recordSuccess(delivery, record);
      return this.count('succeeded');
    }
    if (result.statusCode === 410) {
      await this.repository.recordFailure(delivery, record, null);
      await this.disable(delivery, 'gone');
      return this.count('gone');
    }
    const delay = delayBeforeNextAttempt(this.schedule, delivery.attempts);
    const failingSince = await this.repository.recordFailure(delivery, record, delay);
    if (Date.now() - failingSince.getTime() >= this.config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000) {
      await this.disable(delivery, 'failing');
      return this.count('disabled');
    }
    if (delay === null) return this.count('exhausted');
    await this.enqueue([{ id: delivery.id, attempts: delivery.attempts, delayMs: delay }]);
    return this.count('retrying');
  }

  private async disable(delivery: ClaimedDelivery, reason: DisabledReason): Promise<void> {
    const disabled = await this.repository.disableEndpoint(delivery.endpointId, reason);
    if (disabled) this.logger.warn({ endpointId: delivery.endpointId, accountId: delivery.accountId, reason }, 'Webhook endpoint disabled');
  }

  private async enqueue(deliveries: { id: string; attempts: number; delayMs: number }[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((d) => ({
        name: JobNames.deliverWebhook,
        data: { deliveryId: d.id },
        opts: deliveryJobOptions(webhookJobId(d.id, d.attempts), d.delayMs),
      })),
    );
  }

  private count(outcome: AttemptOutcome): AttemptOutcome {
    this.metrics.webhookDeliveries.inc({ outcome });
    return outcome;
  }
}
