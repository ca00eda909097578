import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues, SEND_RECONCILE_QUEUE } from '../../queue/queues.js';
import { OptOutModule } from '../opt-out/opt-out.module.js';
import { FailedSendRecovery } from './failed-send-recovery.js';
import { ProviderMessageMatcher } from './provider-message-matcher.js';
import { ReceiptService } from './receipt.service.js';
import { ReconcileProcessor } from './reconcile.processor.js';
import { ReconcileService } from './reconcile.service.js';
import { SendRateLimiter } from './send-rate-limiter.js';
import { SendProcessor } from './send.processor.js';
import { SendRepository } from './send.repository.js';
import { SendService } from './send.service.js';

/** Sending messages through the provider, delivery receipts and reconciliation of interrupted sends. */
@Module({
  imports: [OptOutModule, BullModule.registerQueue({ name: Queues.send }, { name: SEND_RECONCILE_QUEUE })],
  providers: [SendRepository, SendService, SendRateLimiter, ProviderMessageMatcher, ReceiptService, ReconcileService, FailedSendRecovery],
  // BullModule: the queues registered here, for the processors of SendWorkerModule.
  exports: [SendService, ReceiptService, ReconcileService, FailedSendRecovery, BullModule],
})
export class SendModule {}

/** Queue processors of this feature; loaded only where workers run. */
@Module({ imports: [SendModule], providers: [SendProcessor, ReconcileProcessor] })
export class SendWorkerModule {}
