import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobNames, Queues } from '../../queue/queues.js';
import { CampaignCompletionService } from './campaign-completion.service.js';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';

/** How often campaigns are checked for completion. */
export const COMPLETION_EVERY_MS = 5_000;

/**
 * Repeatable campaign-completion sweep on the maintenance queue. The job
 * scheduler is keyed by name, so every worker process upserting it at boot
 * still yields one schedule.
 */
@Processor(Queues.maintenance)
export class CampaignMaintenanceProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CampaignMaintenanceProcessor.name);

  constructor(
    private readonly completion: CampaignCompletionService,
    @InjectQueue(Queues.maintenance) private readonly maintenanceQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(
      JobNames.completeCampaigns,
      { every: COMPLETION_EVERY_MS },
      { name: JobNames.completeCampaigns, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobNames.completeCampaigns:
        return { completed: await this.completion.completeFinished() };
      default:
        // This is the only worker on the maintenance queue (the send feature sweeps on its own
        // queue): an unknown name is a job from a newer or older release; log it and let it go.
        this.logger.warn({ job: job.name }, 'Unknown maintenance job ignored');
        return undefined;
    }
  }
}
