import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';
import { ANALYTICS_MAINTENANCE_QUEUE, JobNames } from '../../queue/queues.js';
import { StatsRepository } from './stats.repository.js';

/** How often stats deltas are folded into their cells. Stats are exact either way; folding keeps them fast. */
export const FOLD_EVERY_MS = 5_000;

/**
 * Folds message_cell_deltas into message_cells on a schedule (one scheduler,
 * however many workers upsert it at boot).
 */
@Processor(ANALYTICS_MAINTENANCE_QUEUE)
export class StatFoldProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatFoldProcessor.name);

  constructor(
    private readonly stats: StatsRepository,
    @InjectQueue(ANALYTICS_MAINTENANCE_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobNames.foldStatDeltas,
      { every: FOLD_EVERY_MS },
      { name: JobNames.foldStatDeltas, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== JobNames.foldStatDeltas) {
      this.logger.warn({ job: job.name }, 'Unknown analytics job ignored');
      return undefined;
    }
    return { folded: await this.stats.foldCellDeltas() };
  }
}
