import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { SqlParameters, targetPredicate, type AudienceTarget } from './audience-sql.js';
import type { AudienceRule } from './audience-rule.js';

export type StoredSegment = Prisma.SegmentGetPayload<object>;

export interface SegmentFields {
  name: string | null;
  description: string | null;
  rule: AudienceRule;
}

export interface AudienceSampleRow {
  recipientId: string;
  phone: string;
  externalId: string | null;
  segments: string[];
}

/** Segments of an account, and the SQL that sizes an audience. */
@Injectable()
export class SegmentRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(accountId: string, key: string, fields: SegmentFields): Promise<StoredSegment> {
    return this.prisma.segment.create({ data: { accountId, key, ...fields, rule: fields.rule as Prisma.InputJsonValue } });
  }

  /** Null when the account has no segment with that key. */
  async replace(accountId: string, key: string, fields: SegmentFields): Promise<StoredSegment | null> {
    const { count } = await this.prisma.segment.updateMany({ where: { accountId, key }, data: { ...fields, rule: fields.rule as Prisma.InputJsonValue } });
    return count === 0 ? null : this.byKey(accountId, key);
  }

  byKey(accountId: string, key: string): Promise<StoredSegment | null> {
    return this.prisma.segment.findUnique({ where: { accountId_key: { accountId, key } } });
  }

  list(accountId: string): Promise<StoredSegment[]> {
    return this.prisma.segment.findMany({ where: { accountId }, orderBy: { key: 'asc' } });
  }

  async remove(accountId: string, key: string): Promise<boolean> {
    const { count } = await this.prisma.segment.deleteMany({ where: { accountId, key } });
    return count > 0;
  }

  /** The defined segments among `keys` (the others are labels). */
  byKeys(accountId: string, keys: readonly string[]): Promise<StoredSegment[]> {
    return this.prisma.segment.findMany({ where: { accountId, key: { in: [...keys] } } });
  }

  /** The account's campaigns among `ids`, with their variant keys: rules may only name those. */
  campaignVariants(accountId: string, ids: readonly string[]): Promise<{ id: string; variants: { key: string }[] }[]> {
    return this.prisma.campaign.findMany({ where: { accountId, id: { in: [...ids] } }, select: { id: true, variants: { select: { key: true } } } });
  }

  /** How many of the account's recipients match the target now, and the first `sampleSize` in phone order. */
  async audienceSize(accountId: string, target: AudienceTarget, now: Date, sampleSize: number): Promise<{ size: number; sample: AudienceSampleRow[] }> {
    const params = new SqlParameters([accountId]);
    const predicate = targetPredicate(target, params, now);
    const where = `r.account_id = $1::uuid AND ${predicate}`;
    const [counted, sample] = await Promise.all([
      this.prisma.$queryRawUnsafe<{ size: number }[]>(`SELECT count(*)::int AS size FROM recipients r WHERE ${where}`, ...params.values),
      this.prisma.$queryRawUnsafe<AudienceSampleRow[]>(
        `SELECT r.id AS "recipientId", r.phone, r.external_id AS "externalId", r.segments FROM recipients r WHERE ${where} ORDER BY r.phone LIMIT ${Math.trunc(sampleSize)}`,
        ...params.values,
      ),
    ]);
    return { size: counted[0]?.size ?? 0, sample };
  }
}
