import { Module } from '@nestjs/common';
import { WebhookPublisherModule } from '../webhook/webhook.module.js';
import { ConversionController } from './conversion.controller.js';
import { ConversionRepository } from './conversion.repository.js';
import { ConversionService } from './conversion.service.js';

/** POST /v1/conversions: conversions attributed to messages, counted on the message for the stats. */
@Module({
  imports: [WebhookPublisherModule],
  controllers: [ConversionController],
  providers: [ConversionRepository, ConversionService],
  exports: [ConversionService],
})
export class ConversionModule {}
