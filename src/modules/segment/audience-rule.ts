import { InvalidInputError } from '../../common/domain-error.js';
import { isUuid } from '../../common/uuid.js';
import { RecipientLimits } from '../recipient/recipient-limits.js';

/**
 * Who belongs to an engagement segment, as a tree of behaviour and label
 * conditions. Stored as JSON on the segment and evaluated in SQL when a
 * campaign targeting it launches (audience-sql.ts).
 */
export type AudienceRule =
  | { label: string }
  | { clicked: ClickedCondition }
  | { deliveredNotClicked: CampaignCondition }
  | { converted: ConvertedCondition }
  | { optedInSince: string }
  | { and: AudienceRule[] }
  | { or: AudienceRule[] }
  | { not: AudienceRule };

export interface CampaignCondition {
  campaignId: string;
  /** Only messages of this variant; omitted: any variant. */
  variant?: string;
}

export interface ClickedCondition extends CampaignCondition {
  /**
   * Only clickers with no conversion within this many hours of their first
   * human click. A click younger than this is still undecided and excluded.
   */
  withoutConversionWithinHours?: number;
}

export interface ConvertedCondition {
  /** Conversions attributed to this campaign; omitted: any conversion of the recipient. */
  campaignId?: string;
  /** Conversions that occurred at or after this instant. */
  since?: string;
}

const LEAVES = ['label', 'clicked', 'deliveredNotClicked', 'converted', 'optedInSince'] as const;
const COMBINATORS = ['and', 'or', 'not'] as const;
const OPERATORS: readonly string[] = [...LEAVES, ...COMBINATORS];

export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_CONDITIONS = 32;
export const MAX_WITHIN_HOURS = 24 * 365;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks an untrusted rule and returns it typed, or throws a 400 naming the
 * exact path (`rule.and[1].clicked.campaignId`) and what is wrong with it.
 */
export function parseAudienceRule(value: unknown, path = 'rule'): AudienceRule {
  const counter = { conditions: 0 };
  return parseNode(value, path, 1, counter);
}

function parseNode(value: unknown, path: string, depth: number, counter: { conditions: number }): AudienceRule {
  if (depth > MAX_RULE_DEPTH) throw new InvalidInputError(path, `rules nest at most ${MAX_RULE_DEPTH} levels deep`);
  if (!isPlain(value)) throw new InvalidInputError(path, `must be an object with one of: ${OPERATORS.join(', ')}`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || !OPERATORS.includes(keys[0])) {
    throw new InvalidInputError(path, `must have exactly one of: ${OPERATORS.join(', ')} (got ${keys.length ? keys.join(', ') : 'none'})`);
  }
  const operator = keys[0];
  const operand = value[operator];
  const at = `${path}.${operator}`;
  if (operator === 'and' || operator === 'or') {
    if (!Array.isArray(operand) || operand.length === 0) throw new InvalidInputError(at, 'must be a non-empty array of rules');
    const rules = operand.map((child, i) => parseNode(child, `${at}[${i}]`, depth + 1, counter));
    return operator === 'and' ? { and: rules } : { or: rules };
  }
  if (operator === 'not') return { not: parseNode(operand, at, depth + 1, counter) };
  if (++counter.conditions > MAX_RULE_CONDITIONS) throw new InvalidInputError(path, `a rule has at most ${MAX_RULE_CONDITIONS} conditions`);
  return parseLeaf(operator as (typeof LEAVES)[number], operand, at);
}

function parseLeaf(operator: (typeof LEAVES)[number], operand: unknown, at: string): AudienceRule {
  switch (operator) {
    case 'label':
      // Any label a recipient can carry (imports allow spaces and punctuation), compared exactly.
      if (typeof operand !== 'string' || operand.trim() === '' || operand.length > RecipientLimits.maxSegmentLength) {
        throw new InvalidInputError(at, `must be a segment label: non-empty text of at most ${RecipientLimits.maxSegmentLength} characters`);
      }
      return { label: operand.trim() };
    case 'optedInSince':
      return { optedInSince: dateTime(operand, at) };
    case 'clicked': {
      const condition = object(operand, at, ['campaignId', 'variant', 'withoutConversionWithinHours']);
      const clicked: ClickedCondition = campaignCondition(condition, at);
      const hours = condition.withoutConversionWithinHours;
      if (hours !== undefined) {
        if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_WITHIN_HOURS) {
          throw new InvalidInputError(`${at}.withoutConversionWithinHours`, `must be a number of hours above 0 and at most ${MAX_WITHIN_HOURS}`);
        }
        clicked.withoutConversionWithinHours = hours;
      }
      return { clicked };
    }
    case 'deliveredNotClicked':
      return { deliveredNotClicked: campaignCondition(object(operand, at, ['campaignId', 'variant']), at) };
    case 'converted': {
      const condition = object(operand, at, ['campaignId', 'since']);
      const converted: ConvertedCondition = {};
      if (condition.campaignId !== undefined) converted.campaignId = uuid(condition.campaignId, `${at}.campaignId`);
      if (condition.since !== undefined) converted.since = dateTime(condition.since, `${at}.since`);
      return { converted };
    }
  }
}

function object(operand: unknown, at: string, allowed: string[]): Plain {
  if (!isPlain(operand)) throw new InvalidInputError(at, 'must be an object');
  const unknown = Object.keys(operand).filter((key) => !allowed.includes(key));
  if (unknown.length) throw new InvalidInputError(`${at}.${unknown[0]}`, `is not a known field (known: ${allowed.join(', ')})`);
  return operand;
}

function campaignCondition(condition: Plain, at: string): CampaignCondition {
  const result: CampaignCondition = { campaignId: uuid(condition.campaignId, `${at}.campaignId`) };
  if (condition.variant !== undefined) {
    if (typeof condition.variant !== 'string' || condition.variant.trim() === '') throw new InvalidInputError(`${at}.variant`, 'must be a variant key');
    result.variant = condition.variant;
  }
  return result;
}

function uuid(value: unknown, at: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new InvalidInputError(at, 'must be a campaign id (UUID)');
  return value.toLowerCase();
}

function dateTime(value: unknown, at: string): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidInputError(at, 'must be a date-time with an offset, e.g. 2026-11-01T00:00:00Z');
  }
  return new Date(value).toISOString();
}

/** Every campaign a rule refers to, with the variants it names, to check they exist in the account. */
export function campaignReferences(rule: AudienceRule, path = 'rule'): { campaignId: string; variant?: string; path: string }[] {
  if ('and' in rule) return rule.and.flatMap((child, i) => campaignReferences(child, `${path}.and[${i}]`));
  if ('or' in rule) return rule.or.flatMap((child, i) => campaignReferences(child, `${path}.or[${i}]`));
  if ('not' in rule) return campaignReferences(rule.not, `${path}.not`);
  if ('clicked' in rule) return [{ ...rule.clicked, path: `${path}.clicked` }];
  if ('deliveredNotClicked' in rule) return [{ ...rule.deliveredNotClicked, path: `${path}.deliveredNotClicked` }];
  if ('converted' in rule && rule.converted.campaignId) return [{ campaignId: rule.converted.campaignId, path: `${path}.converted` }];
  return [];
}
