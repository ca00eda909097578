import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { Queues, SendMessageJob } from '../../queue/queues.js';
import { SendService } from './send.service.js';
import { DrainingWorkerHost } from '../../queue/draining-worker-host.js';

/** One job per message (enqueued by launch). Waiting (quiet hours, rate limit) re-delays the job without spending an attempt. */
@Processor(Queues.send)
export class SendProcessor extends DrainingWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sends: SendService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.SEND_CONCURRENCY;
  }

  async process(job: Job<SendMessageJob>, token?: string): Promise<string> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const decision = await this.sends.send(job.data.messageId, { finalAttempt });
    if (decision.kind === 'delay') {
      await job.moveToDelayed(decision.until.getTime(), token);
      throw new DelayedError(`waiting for ${decision.reason}`);
    }
    return decision.outcome;
  }
}
