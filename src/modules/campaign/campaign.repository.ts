import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import type { CampaignStatus } from '../../generated/prisma/enums.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { campaignCompletedEventsSql } from '../webhook/webhook-event.publisher.js';
import type { StatusGroup } from './delivery-counts.js';

/** campaign.completed for the CRM webhooks, written by the completing statement itself. */
const EMIT_COMPLETED = Prisma.raw(campaignCompletedEventsSql('completed'));

export interface NewCampaign {
  accountId: string;
  name: string;
  slug: string;
  sender: string;
  segments: string[];
  controlVariant?: string;
  utm?: Record<string, string>;
  tags: string[];
  currency: string;
  scheduledAt?: Date;
  quietHours?: { start: string; end: string };
  inheritQuietHours: boolean;
  sendRate?: number;
  linkTtlSeconds?: number;
  fallbackUrl?: string;
  holdoutPercent: number;
  attributionWindowHours: number;
  variants: { key: string; body: string; weight: number }[];
}

const withVariants = { variants: { orderBy: { position: 'asc' } } } satisfies Prisma.CampaignInclude;
export type CampaignWithVariants = Prisma.CampaignGetPayload<{ include: typeof withVariants }>;

/** Campaign rows; every method that serves a request is scoped by accountId. */
@Injectable()
export class CampaignRepository {
  constructor(private readonly prisma: PrismaService) {}

  async slugsStartingWith(accountId: string, base: string): Promise<Set<string>> {
    const rows = await this.prisma.campaign.findMany({ where: { accountId, slug: { startsWith: base } }, select: { slug: true } });
    return new Set(rows.map((row) => row.slug));
  }

  create(campaign: NewCampaign): Promise<CampaignWithVariants> {
    const { variants, utm, quietHours, ...fields } = campaign;
    return this.prisma.campaign.create({
      data: {
        ...fields,
        utm: utm ?? Prisma.DbNull,
        quietHours: quietHours ?? Prisma.DbNull,
        variants: { create: variants.map((variant, position) => ({ ...variant, position })) },
      },
      include: withVariants,
    });
  }

  /** The account's campaigns, newest first, keyset-paginated after the campaign `afterId` (same order). */
  list(accountId: string, filter: { status?: CampaignStatus }, limit: number, afterId?: string) {
    return this.prisma.campaign.findMany({
      where: { accountId, status: filter.status },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      ...(afterId && { cursor: { id: afterId }, skip: 1 }),
      select: {
        id: true, name: true, status: true, tags: true, currency: true, segments: true,
        scheduledAt: true, launchedAt: true, completedAt: true, cancelledAt: true, createdAt: true, recipientCount: true,
        variants: { select: { key: true }, orderBy: { position: 'asc' } },
      },
    });
  }

  findById(accountId: string, id: string): Promise<CampaignWithVariants | null> {
    return this.prisma.campaign.findFirst({ where: { id, accountId }, include: withVariants });
  }

  /** Unscoped: for workers acting on a campaign id they took from a job. */
  findForWorker(id: string): Promise<CampaignWithVariants | null> {
    return this.prisma.campaign.findUnique({ where: { id }, include: withVariants });
  }

  /** Per current status: messages, those with a provider id, those with a human click (see delivery-counts.ts). */
  async statusGroups(campaignId: string): Promise<StatusGroup[]> {
    return this.prisma.$queryRaw<StatusGroup[]>`
      SELECT status::text AS status,
             count(*)::int AS messages,
             count(*) FILTER (WHERE provider_sid IS NOT NULL)::int AS "withProviderId",
             count(*) FILTER (WHERE human_clicks > 0)::int AS clicked
        FROM messages
       WHERE campaign_id = ${campaignId}::uuid
       GROUP BY status`;
  }

  /**
   * The one conditional UPDATE that launches a campaign: only a draft moves,
   * so two concurrent launches cannot both win. Returns the new status, or
   * null when the campaign was not a draft (or is not this account's).
   */
  async launchDraft(accountId: string, id: string): Promise<CampaignStatus | null> {
    const rows = await this.prisma.$queryRaw<{ status: CampaignStatus }[]>`
      UPDATE campaigns
         SET status = CASE WHEN scheduled_at > now() THEN 'scheduled'::campaign_status ELSE 'sending'::campaign_status END,
             launched_at = now(), updated_at = now()
       WHERE id = ${id}::uuid AND account_id = ${accountId}::uuid AND status = 'draft'
      RETURNING status`;
    return rows[0]?.status ?? null;
  }

  /**
   * Cancels the campaign and, in the same transaction, every message still
   * `queued`. Messages already `sending` or beyond were handed to the provider
   * and stay as they are. Returns the number of messages cancelled, or null
   * when the campaign could not be cancelled from its current status.
   */
  cancel(accountId: string, id: string): Promise<number | null> {
    return this.prisma.$transaction(async (tx) => {
      const cancelled = await tx.$executeRaw`
        UPDATE campaigns SET status = 'cancelled', cancelled_at = now(), updated_at = now()
         WHERE id = ${id}::uuid AND account_id = ${accountId}::uuid AND status IN ('draft', 'scheduled', 'sending')`;
      if (cancelled === 0) return null;
      return tx.$executeRaw`
        UPDATE messages SET status = 'cancelled', cancelled_at = now(), status_updated_at = now()
         WHERE campaign_id = ${id}::uuid AND status = 'queued'`;
    });
  }

  /**
   * Brief interface 5: `sending` campaigns whose audience is fully
   * materialised and that have no message left queued or sending are done.
   */
  async completeFinished(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH completed AS (
      UPDATE campaigns c SET status = 'completed', completed_at = now(), updated_at = now()
       WHERE c.status = 'sending' AND c.materialised_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.campaign_id = c.id AND m.status IN ('queued', 'sending'))
      RETURNING c.id, c.account_id
      ), emitted AS (${EMIT_COMPLETED})
      SELECT id FROM completed`;
    return rows.map((row) => row.id);
  }
}
