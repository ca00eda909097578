import type { AudienceRule, CampaignCondition } from './audience-rule.js';

/**
 * Turns audience rules into SQL predicates over `recipients r`, so a launch
 * evaluates a segment for a page of recipients in one statement. Values
 * never enter the text: each becomes a numbered parameter.
 */
export class SqlParameters {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  /** `$n` for the value, with a cast so PostgreSQL never has to guess its type. */
  add(value: unknown, type: 'text' | 'uuid' | 'timestamptz' | 'float8'): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** A campaign target: a defined segment's rule, or a plain label when no segment has that key. */
export interface AudienceTarget {
  key: string;
  rule: AudienceRule | null;
}

/** The message of the recipient in a campaign: (campaign_id, phone) is unique, so this is one index probe. */
function messageOf(condition: CampaignCondition, params: SqlParameters): string {
  const campaign = `m.campaign_id = ${params.add(condition.campaignId, 'uuid')} AND m.phone = r.phone AND m.recipient_id = r.id`;
  return condition.variant === undefined ? campaign : `${campaign} AND m.variant = ${params.add(condition.variant, 'text')}`;
}

/**
 * The predicate that is true for recipients matching `rule`, evaluated as of
 * `now` (a click younger than a "without conversion within N hours" window is
 * not yet decided, so it does not match).
 */
export function audiencePredicate(rule: AudienceRule, params: SqlParameters, now: Date): string {
  if ('and' in rule) return `(${rule.and.map((child) => audiencePredicate(child, params, now)).join(' AND ')})`;
  if ('or' in rule) return `(${rule.or.map((child) => audiencePredicate(child, params, now)).join(' OR ')})`;
  if ('not' in rule) return `(NOT ${audiencePredicate(rule.not, params, now)})`;
  if ('label' in rule) return `(r.segments @> ARRAY[${params.add(rule.label, 'text')}])`;
  if ('clicked' in rule) {
    const { withoutConversionWithinHours: hours } = rule.clicked;
    // Human clicks, as metrics.md's uniqueClicks counts them (QR scans and bot clicks are not clicks).
    let predicate = `${messageOf(rule.clicked, params)} AND m.human_clicks > 0`;
    if (hours !== undefined) {
      const window = `make_interval(secs => ${params.add(hours * 3600, 'float8')})`;
      predicate +=
        ` AND m.first_human_click_at + ${window} <= ${params.add(now, 'timestamptz')}` +
        ` AND NOT EXISTS (SELECT 1 FROM conversions cv WHERE cv.message_id = m.id AND cv.occurred_at <= m.first_human_click_at + ${window})`;
    }
    return `EXISTS (SELECT 1 FROM messages m WHERE ${predicate})`;
  }
  if ('deliveredNotClicked' in rule) {
    // metrics.md: a human click proves delivery, so "delivered and not clicked" is exactly status delivered with no human click.
    return `EXISTS (SELECT 1 FROM messages m WHERE ${messageOf(rule.deliveredNotClicked, params)} AND m.status = 'delivered' AND m.human_clicks = 0)`;
  }
  if ('converted' in rule) {
    const { campaignId, since } = rule.converted;
    let predicate = 'cv.recipient_id = r.id AND cv.account_id = r.account_id';
    if (campaignId !== undefined) predicate += ` AND cv.campaign_id = ${params.add(campaignId, 'uuid')} AND cv.attributed`;
    if (since !== undefined) predicate += ` AND cv.occurred_at >= ${params.add(since, 'timestamptz')}`;
    return `EXISTS (SELECT 1 FROM conversions cv WHERE ${predicate})`;
  }
  const since = params.add(rule.optedInSince, 'timestamptz');
  // Joined the list since then, or came back with START to a sender this account sends from.
  return (
    `(r.created_at >= ${since} OR EXISTS (SELECT 1 FROM inbound_messages i WHERE i.phone = r.phone AND i.kind = 'opt_in' AND i.changed_state` +
    ` AND i.received_at >= ${since} AND (i.sender IN (SELECT c.sender FROM campaigns c WHERE c.account_id = r.account_id)` +
    ` OR i.messaging_service_sid IN (SELECT c.sender FROM campaigns c WHERE c.account_id = r.account_id))))`
  );
}

/** A target's predicate: its rule, or membership of the label. */
export function targetPredicate(target: AudienceTarget, params: SqlParameters, now: Date): string {
  return target.rule ? audiencePredicate(target.rule, params, now) : `(r.segments @> ARRAY[${params.add(target.key, 'text')}])`;
}

/**
 * The first target, in campaign order, that the recipient matches (metrics.md:
 * a message's segment), or NULL: one CASE, so each predicate runs at most once per recipient.
 */
export function firstMatchingTargetSql(targets: readonly AudienceTarget[], params: SqlParameters, now: Date): string {
  const branches = targets.map((target) => `WHEN ${targetPredicate(target, params, now)} THEN ${params.add(target.key, 'text')}`);
  return `CASE ${branches.join(' ')} END`;
}
