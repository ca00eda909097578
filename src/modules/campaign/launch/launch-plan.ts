import type { MessageStatus } from '../../../generated/prisma/enums.js';
import { BodyTemplate, renderTemplate, shortLinkUrl, toTemplate } from '../../link/call-to-action.js';
import { measureSms } from '../sms-preview.js';
import { hash32, variantPicker } from '../variant-assignment.js';

/**
 * Pure planning of a launch: what each recipient's message and links look
 * like. The launch service feeds it recipient rows and random codes and hands
 * the columnar result to the repository's set-based inserts.
 */

export interface LaunchVariant {
  key: string;
  template: BodyTemplate;
  /** 1-based indexes into LaunchPlan.destinations, one per URL in body order. */
  destinationIndexes: number[];
  /** Rendered size: every short link has the same length, so it is the same for every recipient. */
  smsSegments: number;
  /** The body as written, stored on suppressed messages (they get no links). */
  rawBody: string;
  rawSmsSegments: number;
}

export interface LaunchPlan {
  campaignId: string;
  segments: string[];
  variants: LaunchVariant[];
  /** Distinct call-to-action URLs of the campaign, so each link row carries an index, not the URL. */
  destinations: string[];
  shortLinkBase: string;
  pickVariant: (recipientId: string) => number;
  isHeldOut: (recipientId: string) => boolean;
}

export interface CampaignForLaunch {
  id: string;
  segments: string[];
  variants: { key: string; body: string; weight: number }[];
  /** Percent of the eligible audience held back, 0-50. */
  holdoutPercent?: number;
}

/**
 * Deterministic holdout draw: the same campaign and recipient always give the
 * same answer (a re-run launch holds out the same people), and it is hashed
 * apart from the variant assignment so holdouts are spread evenly over variants'
 * would-be recipients.
 */
export function holdoutPicker(campaignId: string, percent: number): (recipientId: string) => boolean {
  if (!(percent > 0)) return () => false;
  const threshold = (percent / 100) * 0x1_0000_0000;
  return (recipientId) => hash32(`${campaignId}:holdout:${recipientId}`) < threshold;
}

export function prepareLaunch(campaign: CampaignForLaunch, shortLinkBase: string, codeLength: number): LaunchPlan {
  const destinations: string[] = [];
  const sampleLink = shortLinkUrl(shortLinkBase, 'x'.repeat(codeLength));
  const variants = campaign.variants.map((variant): LaunchVariant => {
    const template = toTemplate(variant.body);
    const destinationIndexes = template.urls.map((url) => {
      let index = destinations.indexOf(url);
      if (index < 0) index = destinations.push(url) - 1;
      return index + 1;
    });
    return {
      key: variant.key,
      template,
      destinationIndexes,
      smsSegments: measureSms(renderTemplate(template, template.urls.map(() => sampleLink))).segments,
      rawBody: variant.body,
      rawSmsSegments: measureSms(variant.body).segments,
    };
  });
  const pickKey = variantPicker(campaign.id, campaign.variants);
  const indexByKey = new Map(variants.map((v, i) => [v.key, i]));
  return {
    campaignId: campaign.id,
    segments: campaign.segments,
    variants,
    destinations,
    shortLinkBase,
    pickVariant: (recipientId) => indexByKey.get(pickKey(recipientId))!,
    isHeldOut: holdoutPicker(campaign.id, campaign.holdoutPercent ?? 0),
  };
}

/** The first of the campaign's segments, in campaign order, that the recipient has. */
export function firstMatchingSegment(campaignSegments: readonly string[], recipientSegments: readonly string[]): string | null {
  for (const segment of campaignSegments) if (recipientSegments.includes(segment)) return segment;
  return null;
}

export interface AudienceRow {
  recipientId: string;
  phone: string;
  segments: string[];
  optedOut: boolean;
  /** The target it matched, when the audience query evaluated segment rules (else read from `segments`). */
  matchedSegment?: string | null;
}

/** Recipients held out of the campaign, as columns. */
export interface HoldoutColumns {
  recipientIds: string[];
  phones: string[];
  segments: string[];
}

/** Messages of a chunk as columns, the shape `unnest` wants. */
export interface MessageColumns {
  ids: string[];
  recipientIds: string[];
  phones: string[];
  variants: string[];
  segments: string[];
  bodies: string[];
  smsSegments: number[];
  statuses: MessageStatus[];
  suppressionReasons: (string | null)[];
}

/** One planned link; `messageIndex` points into the chunk's MessageColumns. */
export interface PlannedLink {
  messageIndex: number;
  position: number;
  destinationIndex: number;
  code: string;
}

export interface PlannedChunk {
  messages: MessageColumns;
  holdouts: HoldoutColumns;
  links: PlannedLink[];
  /** Variant index per message, to re-render a body when a code has to be replaced. */
  variantIndexes: number[];
}

/**
 * Plans the messages and links of one chunk of recipients. Opted-out phones
 * become `suppressed` messages with no links; of the others, those the
 * holdout draw picks are held out (no message); everyone else gets one link
 * per URL, with codes taken from `newCodes`.
 */
export function planChunk(plan: LaunchPlan, rows: readonly AudienceRow[], newId: () => string, newCodes: (count: number) => string[]): PlannedChunk {
  const messages: MessageColumns = {
    ids: [], recipientIds: [], phones: [], variants: [], segments: [], bodies: [], smsSegments: [], statuses: [], suppressionReasons: [],
  };
  const holdouts: HoldoutColumns = { recipientIds: [], phones: [], segments: [] };
  const variantIndexes: number[] = [];
  const picks = rows.map((row) => plan.pickVariant(row.recipientId));
  const heldOut = rows.map((row) => !row.optedOut && plan.isHeldOut(row.recipientId));
  const linkCount = rows.reduce((sum, row, i) => sum + (row.optedOut || heldOut[i] ? 0 : plan.variants[picks[i]].destinationIndexes.length), 0);
  const codes = newCodes(linkCount);
  let nextCode = 0;
  const links: PlannedLink[] = [];
  rows.forEach((row, rowIndex) => {
    const segment = row.matchedSegment === undefined ? firstMatchingSegment(plan.segments, row.segments) : row.matchedSegment;
    if (segment === null) return; // the audience query already filters; belt and braces
    if (heldOut[rowIndex]) {
      holdouts.recipientIds.push(row.recipientId);
      holdouts.phones.push(row.phone);
      holdouts.segments.push(segment);
      return;
    }
    const variantIndex = picks[rowIndex];
    const variant = plan.variants[variantIndex];
    const messageIndex = messages.ids.length;
    messages.ids.push(newId());
    messages.recipientIds.push(row.recipientId);
    messages.phones.push(row.phone);
    messages.variants.push(variant.key);
    messages.segments.push(segment);
    variantIndexes.push(variantIndex);
    if (row.optedOut) {
      messages.bodies.push(variant.rawBody);
      messages.smsSegments.push(variant.rawSmsSegments);
      messages.statuses.push('suppressed');
      messages.suppressionReasons.push('opted_out');
      return;
    }
    const messageCodes = variant.destinationIndexes.map(() => codes[nextCode++]);
    messageCodes.forEach((code, position) => links.push({ messageIndex, position, destinationIndex: variant.destinationIndexes[position], code }));
    messages.bodies.push(renderBody(plan, variantIndex, messageCodes));
    messages.smsSegments.push(variant.smsSegments);
    messages.statuses.push('queued');
    messages.suppressionReasons.push(null);
  });
  return { messages, holdouts, links, variantIndexes };
}

/** A message's body with its own codes, in URL order. */
export function renderBody(plan: LaunchPlan, variantIndex: number, codes: readonly string[]): string {
  return renderTemplate(plan.variants[variantIndex].template, codes.map((code) => shortLinkUrl(plan.shortLinkBase, code)));
}
