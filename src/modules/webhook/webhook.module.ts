import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues, WEBHOOK_FANOUT_QUEUE } from '../../queue/queues.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookEndpointController } from './webhook-endpoint.controller.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';
import { WebhookEventPublisher } from './webhook-event.publisher.js';
import { WebhookFanoutProcessor } from './webhook-fanout.processor.js';
import { WebhookRepository } from './webhook.repository.js';

/** The write side other features use: WebhookEventPublisher appends events to the outbox. */
@Module({
  providers: [WebhookEventPublisher],
  exports: [WebhookEventPublisher],
})
export class WebhookPublisherModule {}

/** Outbound CRM webhooks: endpoints API, delivery log and manual retries (not inbound Twilio webhooks: provider-webhook/). */
@Module({
  imports: [WebhookPublisherModule, BullModule.registerQueue({ name: Queues.webhookDelivery }, { name: WEBHOOK_FANOUT_QUEUE })],
  controllers: [WebhookEndpointController],
  providers: [WebhookRepository, WebhookEndpointService, WebhookDeliveryService],
  exports: [WebhookDeliveryService, WebhookPublisherModule, BullModule],
})
export class WebhookModule {}

/** Fan-out and delivery processors; loaded only where workers run. */
@Module({ imports: [WebhookModule], providers: [WebhookDeliveryProcessor, WebhookFanoutProcessor] })
export class WebhookWorkerModule {}
