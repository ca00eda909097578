import { WorkerHost } from '@nestjs/bullmq';
import { OnModuleDestroy } from '@nestjs/common';

/**
 * A processor whose BullMQ worker stops taking jobs and waits for its active
 * ones while PostgreSQL and Redis are still open. @nestjs/bullmq closes
 * workers only at application shutdown, after every module's onModuleDestroy
 * has already closed the Prisma pool and the Redis clients: a job still
 * running then can wait forever on a connection that is gone, and the
 * process never exits. Feature modules are destroyed before the global ones,
 * so closing here comes first. Closing again later is a no-op.
 */
export abstract class DrainingWorkerHost extends WorkerHost implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    let worker;
    try {
      worker = this.worker;
    } catch {
      return; // never started (no worker in this role)
    }
    await worker.close();
  }
}
