import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobNames, SEND_RECONCILE_QUEUE } from '../../queue/queues.js';
import { FailedSendRecovery, RecoverySummary } from './failed-send-recovery.js';
import { ReconcileService, ReconcileSummary } from './reconcile.service.js';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';

const EVERY_MS = 30_000;

/**
 * Every 30 s, one worker (BullMQ's job scheduler makes one job per tick)
 * reconciles messages stuck in `sending` and recovers messages left `queued`
 * by send jobs that failed for good.
 */
@Processor(SEND_RECONCILE_QUEUE)
export class ReconcileProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly reconciler: ReconcileService,
    private readonly recovery: FailedSendRecovery,
    @InjectQueue(SEND_RECONCILE_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  /** Idempotent: every worker process upserts the same scheduler. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobNames.reconcileSending,
      { every: EVERY_MS },
      { name: JobNames.reconcileSending, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }

  async process(): Promise<ReconcileSummary & RecoverySummary> {
    return { ...(await this.reconciler.reconcileStuckSending()), ...(await this.recovery.recoverFailedJobs()) };
  }
}
