import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobNames, Queues } from '../../queue/queues.js';
import { CampaignCompletionService } from './campaign-completion.service.js';

/** How often campaigns are checked for completion. */
export const COMPLETION_EVERY_MS = 5_000;

/**
 * Repeatable campaign-completion sweep on the maintenance queue. The job
 * scheduler is keyed by name, so every worker process upserting it at boot
 * still yields one schedule.
 */
@Processor(Queues.maintenance)
export class CampaignMaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
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
        // Other maintenance jobs (reconcile-sending) belong to the send feature's handler.
        this.logger.warn({ job: job.name }, 'Maintenance job without a handler here');
        return undefined;
    }
  }
}
