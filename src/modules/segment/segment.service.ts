import { Injectable } from '@nestjs/common';
import { DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import { campaignReferences, parseAudienceRule, type AudienceRule } from './audience-rule.js';
import type { AudienceTarget } from './audience-sql.js';
import type { CreateSegmentDto, SegmentBodyDto } from './dto/segment.dto.js';
import type { SegmentPreviewView, SegmentView } from './dto/segment.view.js';
import { SegmentRepository, type SegmentFields, type StoredSegment } from './segment.repository.js';

function toView(segment: StoredSegment): SegmentView {
  return {
    key: segment.key,
    name: segment.name,
    description: segment.description,
    rule: segment.rule as Record<string, unknown>,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.updatedAt.toISOString(),
  };
}

/**
 * Engagement segments: named audience rules that campaigns target by key,
 * exactly like labels. A key with no segment behind it stays a label, so
 * existing campaigns and imports keep working.
 */
@Injectable()
export class SegmentService {
  constructor(private readonly segments: SegmentRepository) {}

  async create(accountId: string, dto: CreateSegmentDto): Promise<SegmentView> {
    const fields = await this.validFields(accountId, dto);
    try {
      return toView(await this.segments.create(accountId, dto.key, fields));
    } catch (error) {
      if (!isUniqueViolation(error, 'key')) throw error;
      throw new DomainError('conflict', 'segment_key_taken', `key: a segment named ${dto.key} already exists (PUT /v1/segments/${dto.key} replaces it)`, 'key');
    }
  }

  async replace(accountId: string, key: string, dto: SegmentBodyDto): Promise<SegmentView> {
    const fields = await this.validFields(accountId, dto);
    const replaced = await this.segments.replace(accountId, key, fields);
    if (!replaced) throw new NotFoundError('Segment', key);
    return toView(replaced);
  }

  async get(accountId: string, key: string): Promise<SegmentView> {
    const segment = await this.segments.byKey(accountId, key);
    if (!segment) throw new NotFoundError('Segment', key);
    return toView(segment);
  }

  async list(accountId: string): Promise<SegmentView[]> {
    return (await this.segments.list(accountId)).map(toView);
  }

  async remove(accountId: string, key: string): Promise<void> {
    if (!(await this.segments.remove(accountId, key))) throw new NotFoundError('Segment', key);
  }

  /** Size and sample of a segment now; a key no segment has previews the label of that name. */
  async preview(accountId: string, key: string, sampleSize: number, now = new Date()): Promise<SegmentPreviewView> {
    const [target] = await this.targets(accountId, [key]);
    const { size, sample } = await this.segments.audienceSize(accountId, target, now, sampleSize);
    return { key, kind: target.rule ? 'rule' : 'label', size, sample, evaluatedAt: now.toISOString() };
  }

  /** A campaign's targets in its order: defined segments carry their rule, other keys are labels. */
  async targets(accountId: string, keys: readonly string[]): Promise<AudienceTarget[]> {
    const defined = new Map((await this.segments.byKeys(accountId, keys)).map((segment) => [segment.key, segment.rule as AudienceRule]));
    return keys.map((key) => ({ key, rule: defined.get(key) ?? null }));
  }

  /** The rule parsed, and every campaign and variant it names checked against the account. */
  private async validFields(accountId: string, dto: SegmentBodyDto): Promise<SegmentFields> {
    const rule = parseAudienceRule(dto.rule);
    const references = campaignReferences(rule);
    const campaigns = new Map(
      (await this.segments.campaignVariants(accountId, [...new Set(references.map((r) => r.campaignId))])).map((c) => [c.id, c.variants.map((v) => v.key)]),
    );
    for (const reference of references) {
      const variants = campaigns.get(reference.campaignId);
      if (!variants) throw new InvalidInputError(`${reference.path}.campaignId`, `no campaign ${reference.campaignId} in this account`);
      if (reference.variant !== undefined && !variants.includes(reference.variant)) {
        throw new InvalidInputError(`${reference.path}.variant`, `campaign ${reference.campaignId} has no variant ${reference.variant} (it has ${variants.join(', ')})`);
      }
    }
    return { name: dto.name?.trim() || null, description: dto.description?.trim() || null, rule };
  }
}
