import { unstorableTextProblem } from '../../common/storable-text.js';
import { normalisePhone } from './phone.js';
import { RecipientLimits } from './recipient-limits.js';
import { canonicalTimeZone } from './timezone.js';

export type AttributeValue = string | number | boolean;

/**
 * One recipient ready to upsert. Upsert semantics: a field that is present
 * replaces the stored value, an absent field (undefined) keeps it.
 */
export interface ValidRecipient {
  /** E.164. */
  phone: string;
  /** null clears the stored value. */
  externalId?: string | null;
  /** Replaces the stored segments; [] clears them. */
  segments?: string[];
  /** Merged into the stored attributes key by key; a null value removes that key. */
  attributes?: Record<string, AttributeValue | null>;
  /** Canonical IANA name; null clears it. */
  timezone?: string | null;
}

export type RowCheck = { ok: true; recipient: ValidRecipient } | { ok: false; reason: string };

const KNOWN_FIELDS = new Set(['phone', 'externalId', 'segments', 'attributes', 'timezone']);

/**
 * Validates one row of a JSON upsert or CSV import. Pure and total: any input
 * gives a recipient or a reason listing every problem, so a bad row is
 * reported without failing the rows around it.
 */
export function validateRecipientRow(raw: unknown, defaultCountry: string): RowCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'row must be an object' };
  }
  const row = raw as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(row).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);

  const phone = normalisePhone(row.phone, defaultCountry);
  if (!phone.ok) problems.push(phone.reason);
  const recipient: ValidRecipient = { phone: phone.ok ? phone.e164 : '' };

  collect(problems, checkExternalId(row.externalId), (value) => (recipient.externalId = value));
  collect(problems, checkSegments(row.segments), (value) => (recipient.segments = value));
  collect(problems, checkAttributes(row.attributes), (value) => (recipient.attributes = value));
  collect(problems, checkTimezone(row.timezone), (value) => (recipient.timezone = value));

  return problems.length ? { ok: false, reason: problems.join('; ') } : { ok: true, recipient };
}

type FieldCheck<T> = { value: T } | { problem: string } | undefined;

function collect<T>(problems: string[], check: FieldCheck<T>, assign: (value: T) => void): void {
  if (check === undefined) return;
  if ('problem' in check) problems.push(check.problem);
  else assign(check.value);
}

function checkExternalId(value: unknown): FieldCheck<string | null> {
  if (value === undefined) return undefined;
  if (value === null) return { value: null };
  if (typeof value !== 'string') return { problem: 'externalId must be a string' };
  const trimmed = value.trim();
  if (trimmed === '') return { value: null };
  const unstorable = unstorableTextProblem(trimmed);
  if (unstorable) return { problem: `externalId ${unstorable}` };
  if (trimmed.length > RecipientLimits.maxExternalIdLength) {
    return { problem: `externalId is longer than ${RecipientLimits.maxExternalIdLength} characters` };
  }
  return { value: trimmed };
}

function checkSegments(value: unknown): FieldCheck<string[]> {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((segment) => typeof segment !== 'string')) {
    return { problem: 'segments must be an array of strings' };
  }
  const segments = [...new Set((value as string[]).map((segment) => segment.trim()).filter((segment) => segment !== ''))];
  const tooLong = segments.find((segment) => segment.length > RecipientLimits.maxSegmentLength);
  if (tooLong) return { problem: `segment "${tooLong.slice(0, 20)}…" is longer than ${RecipientLimits.maxSegmentLength} characters` };
  const unstorable = segments.map(unstorableTextProblem).find((problem) => problem !== undefined);
  if (unstorable) return { problem: `segments ${unstorable}` };
  if (segments.length > RecipientLimits.maxSegments) {
    return { problem: `at most ${RecipientLimits.maxSegments} segments per recipient (got ${segments.length})` };
  }
  return { value: segments };
}

function checkAttributes(value: unknown): FieldCheck<Record<string, AttributeValue | null>> {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'attributes must be an object of flat values' };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > RecipientLimits.maxAttributes) {
    return { problem: `at most ${RecipientLimits.maxAttributes} attributes per recipient (got ${entries.length})` };
  }
  const problems = entries.map(([key, item]) => attributeProblem(key, item)).filter((p): p is string => p !== undefined);
  if (problems.length) return { problem: problems.join('; ') };
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return { value: Object.fromEntries(entries.map(([key, item]) => [key.trim(), item as AttributeValue | null])) };
}

function attributeProblem(key: string, value: unknown): string | undefined {
  const name = key.trim();
  if (name === '') return 'attribute names must not be empty';
  const unstorableName = unstorableTextProblem(name);
  if (unstorableName) return `attribute names ${unstorableName}`;
  if (name.length > RecipientLimits.maxAttributeKeyLength) {
    return `attribute name "${name.slice(0, 20)}…" is longer than ${RecipientLimits.maxAttributeKeyLength} characters`;
  }
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `attributes.${name} must be a finite number`;
  if (typeof value === 'string') {
    if (value.length > RecipientLimits.maxAttributeValueLength) {
      return `attributes.${name} is longer than ${RecipientLimits.maxAttributeValueLength} characters`;
    }
    const unstorable = unstorableTextProblem(value);
    return unstorable ? `attributes.${name} ${unstorable}` : undefined;
  }
  return `attributes.${name} must be a string, number, boolean or null (nested objects and arrays are not supported)`;
}

function checkTimezone(value: unknown): FieldCheck<string | null> {
  if (value === undefined) return undefined;
  if (value === null) return { value: null };
  if (typeof value !== 'string') return { problem: 'timezone must be a string' };
  const trimmed = value.trim();
  if (trimmed === '') return { value: null };
  const canonical = canonicalTimeZone(trimmed);
  if (!canonical) return { problem: `timezone "${trimmed.slice(0, 40)}" is not an IANA time zone name such as America/New_York` };
  return { value: canonical };
}
