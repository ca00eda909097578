import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { pgArray } from './pg-array.js';

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

  findByMessage(messageId: string) {
    return this.prisma.link.findMany({ where: { messageId }, orderBy: { position: 'asc' } });
  }
}
