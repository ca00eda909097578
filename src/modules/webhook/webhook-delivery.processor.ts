import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';
import { DeliverWebhookJob, Queues } from '../../queue/queues.js';
import { AttemptOutcome, WebhookDeliveryService } from './webhook-delivery.service.js';

/** One job per delivery attempt of an outbound webhook. */
@Processor(Queues.webhookDelivery)
export class WebhookDeliveryProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WEBHOOK_DELIVERY_CONCURRENCY;
  }

  process(job: Job<DeliverWebhookJob>): Promise<AttemptOutcome> {
    return this.deliveries.attempt(job.data.deliveryId);
  }
}
