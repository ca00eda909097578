import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobNames, LaunchCampaignJob, Queues } from '../../../queue/queues.js';
import { LaunchService, MaterialiseResult } from './launch.service.js';

/** Materialises launched campaigns; one campaign per job, a few at a time. */
@Processor(Queues.launch, { concurrency: 2 })
export class LaunchProcessor extends WorkerHost {
  constructor(private readonly launches: LaunchService) {
    super();
  }

  async process(job: Job<LaunchCampaignJob>): Promise<MaterialiseResult> {
    if (job.name !== JobNames.launchCampaign) throw new Error(`Unexpected job ${job.name} on the launch queue`);
    return this.launches.materialise(job.data.campaignId);
  }
}
