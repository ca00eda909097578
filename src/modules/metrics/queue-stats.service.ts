import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName, Queues } from '../../queue/queues.js';
import { withTimeout } from './timeout.js';

/** The job states operators watch: backlog (waiting, delayed), work in hand (active), and dead letters (failed). */
export const WATCHED_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type WatchedJobState = (typeof WATCHED_JOB_STATES)[number];
export type QueueDepth = Record<WatchedJobState, number>;

/** How long a depth read may take before the queue counts as unreachable. */
export const QUEUE_READ_TIMEOUT_MS = 2_000;

/** Every queue the app declares, so a queue added to `Queues` is watched without touching this module. */
export const WATCHED_QUEUES: QueueName[] = Object.values(Queues);

const QUEUE_HANDLES = Symbol('QUEUE_HANDLES');

/** Collects the Queue handles registered for WATCHED_QUEUES (BullModule.registerQueue in MetricsModule) into one map. */
export const queueHandlesProvider: Provider = {
  provide: QUEUE_HANDLES,
  inject: WATCHED_QUEUES.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => new Map(WATCHED_QUEUES.map((name, i) => [name, queues[i]])),
};

/**
 * Reads queue depths for /health and /metrics. Its own Queue handles (one per
 * queue name) share BullMQ's connection settings and key prefix.
 */
@Injectable()
export class QueueStatsService {
  constructor(@Inject(QUEUE_HANDLES) private readonly queues: Map<QueueName, Queue>) {}

  queueNames(): QueueName[] {
    return [...this.queues.keys()];
  }

  /** Job counts of one queue; rejects when Redis does not answer in time. */
  async depth(name: QueueName): Promise<QueueDepth> {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    const read = queue.getJobCounts(...WATCHED_JOB_STATES, 'prioritized');
    const counts = await withTimeout(read, QUEUE_READ_TIMEOUT_MS, `queue ${name}`);
    return toQueueDepth(counts);
  }

  /** Every queue's depth, read in parallel; rejects if any queue cannot be read. */
  async depths(): Promise<Record<QueueName, QueueDepth>> {
    const names = this.queueNames();
    const depths = await Promise.all(names.map((name) => this.depth(name)));
    return Object.fromEntries(names.map((name, i) => [name, depths[i]])) as Record<QueueName, QueueDepth>;
  }
}

/**
 * BullMQ keeps jobs with a priority in a separate `prioritized` set; for an
 * operator they are backlog all the same, so they count as waiting.
 */
export function toQueueDepth(counts: Record<string, number | undefined>): QueueDepth {
  return {
    waiting: (counts.waiting ?? counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
  };
}
