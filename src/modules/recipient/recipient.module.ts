import { Module } from '@nestjs/common';
import { RecipientController } from './recipient.controller.js';
import { RecipientRepository } from './recipient.repository.js';
import { RecipientService } from './recipient.service.js';

/** Recipients: JSON upsert, streamed CSV import, lookup by phone with opt-out state and history. */
@Module({
  controllers: [RecipientController],
  providers: [RecipientRepository, RecipientService],
  exports: [RecipientService],
})
export class RecipientModule {}
