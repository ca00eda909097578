import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../../config/app-config.js';
import { defaultJobOptions, jobIdFor, JobNames, Queues, SendMessageJob } from '../../../queue/queues.js';
import { campaignLinkSettings, type CampaignLinkSettings } from '../../link/link-target.js';
import { LinkService } from '../../link/link.service.js';
import type { AudienceTarget } from '../../segment/audience-sql.js';
import { SegmentService } from '../../segment/segment.service.js';
import { CampaignRepository, CampaignWithVariants } from '../campaign.repository.js';
import { AudienceRow, LaunchPlan, planChunk, PlannedChunk, PlannedLink, prepareLaunch, renderBody } from './launch-plan.js';
import { LaunchRepository, Tx } from './launch.repository.js';

/** Send jobs per addBulk call: one Redis pipeline of reasonable size. */
const ENQUEUE_BATCH = 2_000;
/** A fresh random code colliding 5 times in a row means something else is wrong. */
const MAX_CODE_ATTEMPTS = 5;

/**
 * Chunks being planned, written or enqueued at once. Three keeps both cores
 * busy (PostgreSQL backends, Redis, Node) without starving the API.
 */
const CHUNKS_IN_FLIGHT = 3;

interface ChunkContext {
  campaign: CampaignWithVariants;
  plan: LaunchPlan;
  expiresAt: Date | null;
  linkSettings: CampaignLinkSettings;
}

type ChunkDone = Pick<MaterialiseResult, 'inserted' | 'linksInserted' | 'codeCollisions' | 'jobsEnqueued'>;

function addChunk(total: MaterialiseResult, chunk: ChunkDone): void {
  total.inserted += chunk.inserted;
  total.linksInserted += chunk.linksInserted;
  total.codeCollisions += chunk.codeCollisions;
  total.jobsEnqueued += chunk.jobsEnqueued;
}

export interface MaterialiseResult {
  outcome: 'materialised' | 'skipped' | 'stopped';
  /** Messages inserted by this run (a re-run after a crash counts only the new ones). */
  inserted: number;
  linksInserted: number;
  jobsEnqueued: number;
  codeCollisions: number;
}

/**
 * Turns a launched campaign into messages, links and send jobs, chunk by
 * chunk. Each chunk is one transaction; its send jobs are enqueued only after
 * it commits (never inside a transaction), while later chunks are being
 * written. Re-running after a crash is safe: existing messages are skipped and
 * their jobs re-added under the same job id.
 */
@Injectable()
export class LaunchService {
  private readonly logger = new Logger(LaunchService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly campaigns: CampaignRepository,
    private readonly launches: LaunchRepository,
    private readonly links: LinkService,
    private readonly segments: SegmentService,
    @InjectQueue(Queues.send) private readonly sendQueue: Queue<SendMessageJob>,
  ) {}

  async materialise(campaignId: string): Promise<MaterialiseResult> {
    const result: MaterialiseResult = { outcome: 'skipped', inserted: 0, linksInserted: 0, jobsEnqueued: 0, codeCollisions: 0 };
    let campaign = await this.campaigns.findForWorker(campaignId);
    if (campaign?.status === 'scheduled' && (await this.launches.startScheduled(campaignId))) {
      campaign = await this.campaigns.findForWorker(campaignId);
    }
    if (!campaign || campaign.status !== 'sending' || campaign.materialisedAt) return result;

    const plan = prepareLaunch({ ...campaign, holdoutPercent: campaign.holdoutPercent.toNumber() }, this.links.shortLinkBase(), this.links.codeLength);
    // Rules are evaluated as of the moment materialising starts (for a scheduled campaign, its send time),
    // the same instant for every page; a re-run after a crash evaluates again.
    const targets: AudienceTarget[] = await this.segments.targets(campaign.accountId, campaign.segments);
    const evaluatedAt = new Date();
    const expiresAt = campaign.linkTtlSeconds ? new Date((campaign.launchedAt ?? new Date()).getTime() + campaign.linkTtlSeconds * 1000) : null;
    const context: ChunkContext = { campaign, plan, expiresAt, linkSettings: campaignLinkSettings(campaign) };
    // Pages are read in phone order, one after the other (keyset); each page is then planned,
    // written and enqueued by its own task, several at once, so PostgreSQL, Redis and Node work in parallel.
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let after: string | null = null;
    while (!failure && result.outcome !== 'stopped') {
      const rows = await this.launches.audiencePage({
        accountId: campaign.accountId,
        sender: campaign.sender,
        segments: campaign.segments,
        targets,
        evaluatedAt,
        afterPhone: after,
        limit: this.config.LAUNCH_CHUNK_SIZE,
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1].phone;
      const task: Promise<void> = this.processChunk(context, rows)
        .then(
          (done) => (done === null ? void (result.outcome = 'stopped') : addChunk(result, done)),
          (error: unknown) => void (failure ??= { error }),
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(inFlight);
      if (rows.length < this.config.LAUNCH_CHUNK_SIZE) break;
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    if (result.outcome === 'stopped') return result;

    const counts = await this.launches.markMaterialised(campaign.id);
    result.outcome = 'materialised';
    this.logger.log({ campaignId, ...result, ...counts }, 'Campaign materialised');
    return result;
  }

  /**
   * Plans, writes (one transaction), warms the new links into Redis and then
   * enqueues one page of recipients; null when the campaign was cancelled.
   * Links are warmed before their messages can be sent, so a recipient's
   * first tap never waits on PostgreSQL.
   */
  private async processChunk({ campaign, plan, expiresAt, linkSettings }: ChunkContext, rows: AudienceRow[]): Promise<ChunkDone | null> {
    const chunk = planChunk(plan, rows, uuidv7, (n) => this.links.newCodes(n));
    const written = await this.writeChunk(campaign, plan, chunk, expiresAt);
    if (written === null) return null;
    await this.links.warm(campaign.id, linkSettings, written.newLinks.map((link) => ({
      code: link.code,
      campaignId: campaign.id,
      messageId: chunk.messages.ids[link.messageIndex],
      variant: chunk.messages.variants[link.messageIndex],
      destination: plan.destinations[link.destinationIndex - 1],
      expiresAtMs: expiresAt?.getTime() ?? null,
      disabled: false,
    })));
    const jobIds = await this.withRequeuedExisting(campaign.id, chunk, written.insertedIds, written.queuedIds);
    const jobsEnqueued = await this.enqueueSends(jobIds);
    return { inserted: written.insertedIds.length, linksInserted: written.linksInserted, codeCollisions: written.codeCollisions, jobsEnqueued };
  }

  /** Writes one chunk atomically; null when the campaign stopped being `sending` (cancelled). */
  private writeChunk(campaign: CampaignWithVariants, plan: LaunchPlan, chunk: PlannedChunk, expiresAt: Date | null) {
    return this.launches.inTransaction(async (tx) => {
      if (!(await this.launches.isStillSending(tx, campaign.id))) return null;
      const scope = { accountId: campaign.accountId, campaignId: campaign.id, sender: campaign.sender };
      const inserted = await this.launches.insertMessages(tx, scope, chunk.messages);
      await this.launches.insertHoldouts(tx, scope, chunk.holdouts);
      const newLinks = chunk.links.filter((link) => inserted.has(chunk.messages.ids[link.messageIndex]));
      const { linksInserted, codeCollisions } = await this.insertLinks(tx, campaign, plan, chunk, newLinks, expiresAt);
      const insertedIds = chunk.messages.ids.filter((id) => inserted.has(id));
      const queuedIds = insertedIds.length === 0 ? [] : chunk.messages.ids.filter((id, i) => inserted.has(id) && chunk.messages.statuses[i] === 'queued');
      return { insertedIds, queuedIds, linksInserted, codeCollisions, newLinks };
    });
  }

  /**
   * Inserts the links and, for any code that already existed, draws a new
   * code, re-renders that message's body and tries again.
   */
  private async insertLinks(tx: Tx, campaign: CampaignWithVariants, plan: LaunchPlan, chunk: PlannedChunk, links: PlannedLink[], expiresAt: Date | null) {
    let pending = links;
    let linksInserted = 0;
    let codeCollisions = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_CODE_ATTEMPTS) throw new Error(`Could not find free short codes for ${pending.length} links after ${MAX_CODE_ATTEMPTS} attempts`);
      const stored = await this.links.insertMany(
        {
          accountId: campaign.accountId,
          campaignId: campaign.id,
          expiresAt,
          destinations: plan.destinations,
          codes: pending.map((l) => l.code),
          messageIds: pending.map((l) => chunk.messages.ids[l.messageIndex]),
          destinationIndexes: pending.map((l) => l.destinationIndex),
          positions: pending.map((l) => l.position),
        },
        tx,
      );
      linksInserted += stored.length;
      if (stored.length === pending.length) break;
      const storedKeys = new Set(stored.map((s) => `${s.messageId}/${s.position}`));
      const collided = pending.filter((l) => !storedKeys.has(`${chunk.messages.ids[l.messageIndex]}/${l.position}`));
      codeCollisions += collided.length;
      this.logger.warn({ campaignId: campaign.id, collisions: collided.length }, 'Short code collision: drawing new codes');
      const fresh = this.links.newCodes(collided.length);
      collided.forEach((link, i) => (link.code = fresh[i]));
      await this.rerenderBodies(tx, plan, chunk, collided);
      pending = collided;
    }
    return { linksInserted, codeCollisions };
  }

  private async rerenderBodies(tx: Tx, plan: LaunchPlan, chunk: PlannedChunk, changed: PlannedLink[]): Promise<void> {
    const messageIndexes = [...new Set(changed.map((l) => l.messageIndex))];
    const bodies = messageIndexes.map((index) => {
      const codes = chunk.links.filter((l) => l.messageIndex === index).sort((a, b) => a.position - b.position).map((l) => l.code);
      return renderBody(plan, chunk.variantIndexes[index], codes);
    });
    messageIndexes.forEach((index, i) => (chunk.messages.bodies[index] = bodies[i]));
    await this.launches.updateBodies(tx, messageIndexes.map((index) => chunk.messages.ids[index]), bodies);
  }

  /**
   * Messages of this chunk that already existed (a re-run after a crash) may
   * have lost their send jobs with the crash: re-add those still queued. The
   * job id is derived from the message id, so nothing is duplicated.
   */
  private async withRequeuedExisting(campaignId: string, chunk: PlannedChunk, insertedIds: string[], queuedIds: string[]): Promise<string[]> {
    if (insertedIds.length === chunk.messages.ids.length) return queuedIds;
    const inserted = new Set(insertedIds);
    const skippedPhones = chunk.messages.phones.filter((_, i) => !inserted.has(chunk.messages.ids[i]));
    return [...queuedIds, ...(await this.launches.queuedMessageIds(campaignId, skippedPhones))];
  }

  /** Brief interface 3: one send job per queued message, in bulk, after commit. */
  private async enqueueSends(messageIds: string[]): Promise<number> {
    for (let start = 0; start < messageIds.length; start += ENQUEUE_BATCH) {
      await this.sendQueue.addBulk(
        messageIds.slice(start, start + ENQUEUE_BATCH).map((messageId) => ({
          name: JobNames.sendMessage,
          data: { messageId },
          opts: defaultJobOptions({ jobId: jobIdFor('send', messageId) }),
        })),
      );
    }
    return messageIds.length;
  }
}
