import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainError, NotFoundError } from '../../common/domain-error.js';
import { isUuid } from '../../common/uuid.js';
import { defaultJobOptions, jobIdFor, JobNames, LaunchCampaignJob, Queues } from '../../queue/queues.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { LinkService } from '../link/link.service.js';
import { assertValidCampaign } from './campaign-rules.js';
import { CampaignRepository, CampaignWithVariants } from './campaign.repository.js';
import { CampaignListView, CampaignPreviewView, CampaignView } from './dto/campaign.view.js';
import type { ListCampaignsQuery } from './dto/list-campaigns.query.js';
import { deliveryCounts, StatusGroup, statusCounts } from './delivery-counts.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';
import { slugify, uniqueSlug } from './slug.js';
import { previewVariant } from './sms-preview.js';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import { isoOrNull } from '../../common/iso-date.js';

const SLUG_ATTEMPTS = 25;
/** Attribution window when a campaign names none: a week, the usual SMS last-touch window. */
export const DEFAULT_ATTRIBUTION_WINDOW_HOURS = 7 * 24;

@Injectable()
export class CampaignService {
  private readonly logger = new Logger(CampaignService.name);

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly links: LinkService,
    @InjectQueue(Queues.launch) private readonly launchQueue: Queue<LaunchCampaignJob>,
  ) {}

  async create(account: AuthenticatedAccount, dto: CreateCampaignDto): Promise<CampaignView> {
    assertValidCampaign(dto);
    const campaign = await this.createWithFreeSlug(account.accountId, dto);
    return this.toView(campaign, []);
  }

  /**
   * Creates with the same name may race for a slug: the unique index decides and
   * the losers pick again. Each round has one winner, so N simultaneous creates
   * of one name need N rounds; past SLUG_ATTEMPTS the client is asked to retry.
   */
  private async createWithFreeSlug(accountId: string, dto: CreateCampaignDto, attempt = 1): Promise<CampaignWithVariants> {
    const base = slugify(dto.name);
    const slug = uniqueSlug(base, await this.campaigns.slugsStartingWith(accountId, base));
    try {
      return await this.insert(accountId, slug, dto);
    } catch (error) {
      if (!isUniqueViolation(error, 'slug')) throw error;
      if (attempt >= SLUG_ATTEMPTS) {
        throw new DomainError('conflict', 'slug_contention', 'name: many campaigns with this name are being created at once; retry');
      }
      return this.createWithFreeSlug(accountId, dto, attempt + 1);
    }
  }

  private insert(accountId: string, slug: string, dto: CreateCampaignDto): Promise<CampaignWithVariants> {
    return this.campaigns.create({
      accountId,
      name: dto.name.trim(),
      slug,
      sender: dto.from,
      segments: dto.segments,
      controlVariant: dto.controlVariant,
      utm: dto.utm ? { ...dto.utm } : undefined,
      tags: dto.tags ?? [],
      currency: dto.currency ?? 'USD',
      scheduledAt: dto.scheduledAt ? new Date(dto.scheduledAt) : undefined,
      quietHours: dto.quietHours ? { start: dto.quietHours.start, end: dto.quietHours.end } : undefined,
      // Left out: the account's window applies; null: an explicit "no quiet hours" that the account's cannot override.
      inheritQuietHours: dto.quietHours === undefined,
      sendRate: dto.sendRate,
      linkTtlSeconds: dto.linkTtlSeconds,
      fallbackUrl: dto.fallbackUrl,
      holdoutPercent: dto.holdoutPercent ?? 0,
      attributionWindowHours: dto.attributionWindowHours ?? DEFAULT_ATTRIBUTION_WINDOW_HOURS,
      variants: dto.variants.map((v) => ({ key: v.key, body: v.body, weight: v.weight ?? 1 })),
    });
  }

  preview(dto: CreateCampaignDto): CampaignPreviewView {
    assertValidCampaign(dto);
    const sampleCode = this.links.newCodes(1)[0];
    return { variants: dto.variants.map((v) => previewVariant(v.key, v.body, this.links.shortLinkBase(), sampleCode)) };
  }

  async list(account: AuthenticatedAccount, query: ListCampaignsQuery): Promise<CampaignListView> {
    const limit = query.limit ?? 50;
    // One row more than asked says whether another page exists.
    const rows = await this.campaigns.list(account.accountId, { status: query.status }, limit + 1, query.cursor);
    const page = rows.slice(0, limit);
    return {
      data: page.map((c) => ({
        id: c.id, name: c.name, status: c.status, tags: c.tags, segments: c.segments, variants: c.variants.map((v) => v.key),
        currency: c.currency, recipientCount: c.recipientCount, scheduledAt: isoOrNull(c.scheduledAt), launchedAt: isoOrNull(c.launchedAt),
        completedAt: isoOrNull(c.completedAt), cancelledAt: isoOrNull(c.cancelledAt), createdAt: c.createdAt.toISOString(),
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async get(account: AuthenticatedAccount, id: string): Promise<CampaignView> {
    const campaign = await this.findOwned(account, id);
    return this.toView(campaign, await this.campaigns.statusGroups(campaign.id));
  }

  /**
   * Exactly-once launch: a conditional UPDATE moves draft -> sending (or
   * scheduled), then the launch job is enqueued after that commit. A repeat
   * launch changes nothing but makes sure a launch job will run: it re-adds it
   * (same job id, so a no-op while it exists) in case the first enqueue was
   * lost to a crash, and retries it if it failed for good.
   */
  async launch(account: AuthenticatedAccount, id: string): Promise<CampaignView> {
    assertCampaignId(id);
    const moved = await this.campaigns.launchDraft(account.accountId, id);
    const campaign = await this.findOwned(account, id);
    if (!moved && (campaign.status === 'cancelled' || campaign.status === 'completed')) {
      throw new DomainError('conflict', 'campaign_not_launchable', `Campaign ${id} is ${campaign.status} and cannot be launched`);
    }
    if (!campaign.materialisedAt) await this.enqueueLaunch(campaign);
    return this.get(account, id);
  }

  /** Cancels the campaign and every send still queued; what the provider already has is left alone. */
  async cancel(account: AuthenticatedAccount, id: string): Promise<CampaignView> {
    assertCampaignId(id);
    const cancelledMessages = await this.campaigns.cancel(account.accountId, id);
    const campaign = await this.findOwned(account, id);
    if (cancelledMessages === null && campaign.status === 'completed') {
      throw new DomainError('conflict', 'campaign_completed', `Campaign ${id} is completed and cannot be cancelled`);
    }
    if (cancelledMessages !== null) {
      this.logger.log({ campaignId: id, cancelledMessages }, 'Campaign cancelled');
      // A scheduled launch job would find the campaign cancelled and do nothing; removing it is tidier.
      await this.launchQueue.remove(jobIdFor('launch', id)).catch(() => undefined);
    }
    return this.get(account, id);
  }

  /**
   * Adds the launch job, or revives it: BullMQ ignores an add whose job id is
   * still kept as failed (for 7 days), so a launch job that ran out of
   * attempts (database down for minutes) is retried instead.
   */
  private async enqueueLaunch(campaign: CampaignWithVariants): Promise<void> {
    const existing = await this.launchQueue.getJob(jobIdFor('launch', campaign.id));
    if (existing && (await existing.isFailed())) {
      this.logger.warn({ campaignId: campaign.id, reason: existing.failedReason }, 'Retrying a failed launch job');
      await existing.retry();
      return;
    }
    const delay = campaign.status === 'scheduled' && campaign.scheduledAt ? Math.max(0, campaign.scheduledAt.getTime() - Date.now()) : 0;
    await this.launchQueue.add(
      JobNames.launchCampaign,
      { campaignId: campaign.id },
      defaultJobOptions({ jobId: jobIdFor('launch', campaign.id), delay }),
    );
  }

  private async findOwned(account: AuthenticatedAccount, id: string): Promise<CampaignWithVariants> {
    assertCampaignId(id);
    const campaign = await this.campaigns.findById(account.accountId, id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }

  private toView(campaign: CampaignWithVariants, groups: StatusGroup[]): CampaignView {
    return {
      id: campaign.id,
      name: campaign.name,
      slug: campaign.slug,
      from: campaign.sender,
      segments: campaign.segments,
      variants: campaign.variants.map(({ key, body, weight, position }) => ({ key, body, weight, position })),
      controlVariant: campaign.controlVariant ?? campaign.variants[0]?.key,
      utm: (campaign.utm as CampaignView['utm']) ?? null,
      tags: campaign.tags,
      currency: campaign.currency,
      status: campaign.status,
      scheduledAt: isoOrNull(campaign.scheduledAt),
      quietHours: (campaign.quietHours as CampaignView['quietHours']) ?? null,
      inheritsAccountQuietHours: campaign.quietHours === null && campaign.inheritQuietHours,
      sendRate: campaign.sendRate,
      linkTtlSeconds: campaign.linkTtlSeconds,
      fallbackUrl: campaign.fallbackUrl,
      recipientCount: campaign.recipientCount,
      suppressedCount: campaign.suppressedCount,
      holdoutPercent: campaign.holdoutPercent.toNumber(),
      holdoutCount: campaign.holdoutCount,
      attributionWindowHours: campaign.attributionWindowHours,
      launchedAt: isoOrNull(campaign.launchedAt),
      materialisedAt: isoOrNull(campaign.materialisedAt),
      completedAt: isoOrNull(campaign.completedAt),
      cancelledAt: isoOrNull(campaign.cancelledAt),
      createdAt: campaign.createdAt.toISOString(),
      counts: deliveryCounts(groups),
      statusCounts: statusCounts(groups),
    };
  }
}

/** Campaign ids are UUIDs: anything else cannot exist (404), and must not reach a `::uuid` cast (500). */
function assertCampaignId(id: string): void {
  if (!isUuid(id)) throw new NotFoundError('Campaign', id);
}
