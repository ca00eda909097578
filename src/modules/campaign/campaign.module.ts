import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '../../queue/queues.js';
import { LinkModule } from '../link/link.module.js';
import { SegmentModule } from '../segment/segment.module.js';
import { CampaignCompletionService } from './campaign-completion.service.js';
import { CampaignMaintenanceProcessor } from './campaign-maintenance.processor.js';
import { CampaignController } from './campaign.controller.js';
import { CampaignRepository } from './campaign.repository.js';
import { CampaignService } from './campaign.service.js';
import { LaunchProcessor } from './launch/launch.processor.js';
import { LaunchRepository } from './launch/launch.repository.js';
import { LaunchService } from './launch/launch.service.js';

/**
 * Campaigns: create, preview, launch, cancel, get. LaunchService lives here
 * (not only in the worker module) so tools such as bench/launch.ts can run the
 * real materialisation in an API-only context, without send workers.
 */
@Module({
  imports: [
    LinkModule,
    SegmentModule,
    BullModule.registerQueue({ name: Queues.launch }, { name: Queues.send }, { name: Queues.maintenance }),
  ],
  controllers: [CampaignController],
  providers: [CampaignRepository, CampaignService, LaunchRepository, LaunchService, CampaignCompletionService],
  exports: [CampaignService, LaunchService, CampaignCompletionService, BullModule],
})
export class CampaignModule {}

/** Queue processors of this feature; loaded only where workers run. */
@Module({
  imports: [CampaignModule],
  providers: [LaunchProcessor, CampaignMaintenanceProcessor],
})
export class CampaignWorkerModule {}
