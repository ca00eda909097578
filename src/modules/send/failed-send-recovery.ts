import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { defaultJobOptions, JobNames, jobIdFor, Queues, SendMessageJob } from '../../queue/queues.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { SendRepository } from './send.repository.js';

const BATCH = 200;
/** A message whose send job failed this many times in a row is given up on (a poison message, not an outage). */
export const MAX_REVIVALS = 3;
/** Revived jobs wait a little: the outage that failed them may not be over. */
const REVIVE_DELAY_MS = 60_000;

export interface RecoverySummary {
  revived: number;
  gaveUp: number;
  cleared: number;
}

/** `send-<id>-f<n>` is the n-th revival of a message's send job; any other send job id is revival 0. */
export function revivalOf(jobId: string | undefined): number {
  const match = /-f(\d+)$/.exec(jobId ?? '');
  return match ? Number(match[1]) : 0;
}

/**
 * A send job that BullMQ failed for good (attempts used up by database or
 * Redis errors, or stalled twice by crashing workers) leaves its message
 * `queued` with no job: never sent, and its campaign never completes. Each
 * sweep looks at the failed send jobs: a message still queued gets a fresh
 * job (the database claim still guarantees one send), up to MAX_REVIVALS,
 * then it is marked failed with the job's reason. The handled failed job is
 * removed so the next sweep sees the next ones.
 */
@Injectable()
export class FailedSendRecovery {
  private readonly logger = new Logger(FailedSendRecovery.name);

  constructor(
    private readonly repository: SendRepository,
    private readonly metrics: MetricsService,
    @InjectQueue(Queues.send) private readonly sendQueue: Queue<SendMessageJob>,
  ) {}

  async recoverFailedJobs(): Promise<RecoverySummary> {
    const summary: RecoverySummary = { revived: 0, gaveUp: 0, cleared: 0 };
    const jobs = (await this.sendQueue.getFailed(0, BATCH - 1)).filter((job): job is Job<SendMessageJob> => !!job?.data?.messageId);
    const queued = await this.repository.queuedAmong(jobs.map((job) => job.data.messageId));
    for (const job of jobs) {
      const messageId = job.data.messageId;
      if (queued.has(messageId)) {
        const revival = revivalOf(job.id) + 1;
        if (revival > MAX_REVIVALS) {
          await this.repository.failQueued(messageId, `send job failed ${revival} times, last: ${job.failedReason}`);
          this.metrics.errors.inc({ where: 'send' });
          summary.gaveUp += 1;
        } else {
          const jobId = `${jobIdFor('send', messageId)}-f${revival}`;
          await this.sendQueue.add(JobNames.sendMessage, { messageId }, defaultJobOptions({ jobId, delay: REVIVE_DELAY_MS }));
          summary.revived += 1;
        }
      } else {
        summary.cleared += 1;
      }
      await job.remove().catch((error: unknown) => this.logger.warn(`Could not remove failed send job ${job.id}: ${String(error)}`));
    }
    if (jobs.length) this.logger.log(`Failed send jobs ${JSON.stringify(summary)}`);
    return summary;
  }
}
