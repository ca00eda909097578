import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { pgArray } from './pg-array.js';
import { campaignLinkSettings, type CampaignLinkSettings, type LinkEntry } from './link-target.js';

const CAMPAIGN_SETTINGS = { accountId: true, slug: true, utm: true, fallbackUrl: true } as const;

/** Link rows of one campaign in columns, ready for `unnest`. */
export interface LinkColumns {
  accountId: string;
  campaignId: string;
  expiresAt: Date | null;
  /** Distinct destinations of the campaign; each row points at one by a 1-based index. */
  destinations: string[];
  codes: string[];
  messageIds: string[];
  destinationIndexes: number[];
  positions: number[];
}

export interface InsertedLink {
  code: string;
  messageId: string;
  position: number;
}

type Db = PrismaService | Prisma.TransactionClient;

@Injectable()
export class LinkRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Set-based insert of many links in one statement. A code that already
   * exists (or repeats inside the batch) is skipped, not an error: the caller
   * compares the returned rows with what it asked for and retries the
   * missing ones with fresh codes.
   */
  async insertMany(links: LinkColumns, db: Db = this.prisma): Promise<InsertedLink[]> {
    if (links.codes.length === 0) return [];
    return db.$queryRawUnsafe<InsertedLink[]>(
      `INSERT INTO links (code, account_id, campaign_id, message_id, destination, position, expires_at)
       SELECT t.code, $1::uuid, $2::uuid, t.message_id, ($4::text[])[t.destination_index], t.position, $3::timestamptz
         FROM unnest($5::text[], $6::uuid[], $7::int4[], $8::int2[]) AS t(code, message_id, destination_index, position)
       ON CONFLICT (code) DO NOTHING
       RETURNING code, message_id AS "messageId", position`,
      links.accountId,
      links.campaignId,
      links.expiresAt,
      pgArray(links.destinations),
      pgArray(links.codes),
      pgArray(links.messageIds),
      pgArray(links.destinationIndexes),
      pgArray(links.positions),
    );
  }

  findByCode(code: string) {
    return this.prisma.link.findUnique({ where: { code } });
  }

  /** The redirect's last resort, when neither memory nor Redis knows the code. */
  async findEntry(code: string): Promise<{ entry: LinkEntry; settings: CampaignLinkSettings } | null> {
    const link = await this.prisma.link.findUnique({
      where: { code },
      include: { message: { select: { variant: true } }, campaign: { select: CAMPAIGN_SETTINGS } },
    });
    if (!link) return null;
    return {
      entry: {
        campaignId: link.campaignId,
        messageId: link.messageId,
        variant: link.message.variant,
        destination: link.destination,
        expiresAtMs: link.expiresAt?.getTime() ?? null,
        disabled: link.disabledAt !== null,
      },
      settings: campaignLinkSettings(link.campaign),
    };
  }

  async campaignSettings(campaignId: string): Promise<CampaignLinkSettings | null> {
    const campaign = await this.prisma.campaign.findUnique({ where: { id: campaignId }, select: CAMPAIGN_SETTINGS });
    return campaign ? campaignLinkSettings(campaign) : null;
  }

  /** A link of the account with its message and campaign, for GET /v1/links/{code}. */
  findDetail(accountId: string, code: string) {
    return this.prisma.link.findFirst({
      where: { code, accountId },
      include: {
        campaign: { select: { id: true, name: true, slug: true, utm: true } },
        message: {
          select: {
            id: true, phone: true, variant: true, segment: true, status: true, acceptedAt: true, deliveredAt: true,
            firstHumanClickAt: true, humanClicks: true, botClicks: true, qrScans: true,
          },
        },
      },
    });
  }

  /** Sets or clears disabled_at; false when the account has no such link. */
  async setDisabled(accountId: string, code: string, disabled: boolean): Promise<boolean> {
    const { count } = await this.prisma.link.updateMany({
      where: { code, accountId },
      data: { disabledAt: disabled ? new Date() : null },
    });
    return count > 0;
  }

  findByMessage(messageId: string) {
    return this.prisma.link.findMany({ where: { messageId }, orderBy: { position: 'asc' } });
  }
}
