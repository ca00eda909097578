import { Module } from '@nestjs/common';
import { OptOutModule } from '../opt-out/opt-out.module.js';
import { SendModule } from '../send/send.module.js';
import { InboundService } from './inbound.service.js';
import { ProviderWebhookController } from './provider-webhook.controller.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';

/** POST /webhooks/twilio/status and /webhooks/twilio/inbound. */
@Module({
  imports: [SendModule, OptOutModule],
  controllers: [ProviderWebhookController],
  providers: [InboundService, TwilioSignatureGuard],
})
export class ProviderWebhookModule {}
