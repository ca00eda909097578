import { Module } from '@nestjs/common';
import { WebhookPublisherModule } from '../webhook/webhook.module.js';
import { OptOutRepository } from './opt-out.repository.js';
import { OptOutService } from './opt-out.service.js';

/** Opt-out state, inbound keyword handling and opt-out attribution. */
@Module({
  imports: [WebhookPublisherModule],
  providers: [OptOutRepository, OptOutService],
  exports: [OptOutService],
})
export class OptOutModule {}
