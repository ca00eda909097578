import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';
import { JobNames, WEBHOOK_FANOUT_QUEUE } from '../../queue/queues.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

/**
 * Every WEBHOOK_FANOUT_INTERVAL_MS: new outbox events become deliveries, and
 * overdue deliveries are queued again. The scheduler is keyed by name, so
 * every worker process upserting it at boot still yields one schedule; the
 * fan-out locks events with SKIP LOCKED, so overlapping runs never share one.
 */
@Processor(WEBHOOK_FANOUT_QUEUE)
export class WebhookFanoutProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly config: AppConfig,
    @InjectQueue(WEBHOOK_FANOUT_QUEUE) private readonly fanoutQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.fanoutQueue.upsertJobScheduler(
      JobNames.fanOutWebhooks,
      { every: this.config.WEBHOOK_FANOUT_INTERVAL_MS },
      { name: JobNames.fanOutWebhooks, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(_job: Job): Promise<{ delivered: number; requeued: number }> {
    const delivered = await this.deliveries.fanOut();
    const requeued = await this.deliveries.sweepOverdue();
    return { delivered, requeued };
  }
}
