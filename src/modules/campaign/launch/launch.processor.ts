import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobNames, LaunchCampaignJob, Queues } from '../../../queue/queues.js';
import { LaunchService, MaterialiseResult } from './launch.service.js';
import { DrainingWorkerHost } from '../../../queue/draining-worker-host.js';

/**
 * Materialises launched campaigns, one per job. One at a time per worker
 * process: a launch already keeps 3 chunks (3 database connections) in
 * flight, and the pool must stay available to the send workers. More worker
 * processes launch more campaigns at once.
 */
@Processor(Queues.launch, { concurrency: 1 })
export class LaunchProcessor extends DrainingWorkerHost {
  constructor(private readonly launches: LaunchService) {
    super();
  }

  async process(job: Job<LaunchCampaignJob>): Promise<MaterialiseResult> {
    if (job.name !== JobNames.launchCampaign) throw new Error(`Unexpected job ${job.name} on the launch queue`);
    return this.launches.materialise(job.data.campaignId);
  }
}
