/**
 * One-click starting points for engagement segments (docs/AUDIENCES.md):
 * each template gives a key, a name and a rule the API accepts, from a
 * campaign and a number or a date. Pure and unit-tested; the marketer edits
 * the JSON afterwards if they want more.
 */

export type TemplateKind = 'clickedNoPurchase' | 'deliveredNotClicked' | 'convertedSince';

export interface TemplateInput {
  campaign?: { id: string; name: string };
  /** For clickedNoPurchase: hours after the first click without a conversion. */
  hours?: number;
  /** For convertedSince: an ISO instant. */
  since?: string;
}

export interface SegmentDraft { key: string; name: string; rule: Record<string, unknown> }

export const TEMPLATES: readonly { kind: TemplateKind; label: string }[] = [
  { kind: 'clickedNoPurchase', label: 'Clicked the campaign, no purchase within N hours' },
  { kind: 'deliveredNotClicked', label: 'Delivered but not clicked' },
  { kind: 'convertedSince', label: 'Converted since a date' },
];

/** "Winter sale 2026!" -> "winter-sale-2026": a segment key (letters, digits, _ . : -, at most 100). */
export function keyPart(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 60).replace(/-+$/, '') || 'campaign';
}

/** The segment a template describes, or a sentence saying what is missing. */
export function ruleTemplate(kind: TemplateKind, input: TemplateInput): SegmentDraft | string {
  const { campaign, hours, since } = input;
  switch (kind) {
    case 'clickedNoPurchase': {
      if (!campaign) return 'Choose a campaign first.';
      if (hours === undefined || !Number.isFinite(hours) || hours <= 0 || hours > 8760) return 'Give the hours: above 0 and at most 8,760.';
      return {
        key: `${keyPart(campaign.name)}-clicked-no-buy-${hours}h`,
        name: `Clicked "${campaign.name}", no purchase within ${hours} h`,
        rule: { clicked: { campaignId: campaign.id, withoutConversionWithinHours: hours } },
      };
    }
    case 'deliveredNotClicked':
      if (!campaign) return 'Choose a campaign first.';
      return {
        key: `${keyPart(campaign.name)}-not-clicked`,
        name: `Got "${campaign.name}" but did not click`,
        rule: { deliveredNotClicked: { campaignId: campaign.id } },
      };
    case 'convertedSince': {
      if (!since || Number.isNaN(Date.parse(since))) return 'Give the date first.';
      const day = since.slice(0, 10);
      const converted: Record<string, string> = campaign ? { campaignId: campaign.id, since } : { since };
      return campaign
        ? { key: `${keyPart(campaign.name)}-converted-since-${day}`, name: `Converted from "${campaign.name}" since ${day}`, rule: { converted } }
        : { key: `converted-since-${day}`, name: `Converted since ${day}`, rule: { converted } };
    }
  }
}

/** The grammar shown beside the rule editor, one line per condition. */
export const RULE_GRAMMAR: readonly [string, string][] = [
  ['{ "label": "vip" }', 'carries the label (from the recipient import)'],
  ['{ "clicked": { "campaignId": "…", "variant": "B" } }', 'clicked their message of that campaign (variant optional); bots never count'],
  ['{ "clicked": { "campaignId": "…", "withoutConversionWithinHours": 24 } }', 'clicked, and did not convert within 24 h of the first click (younger clicks wait)'],
  ['{ "deliveredNotClicked": { "campaignId": "…" } }', 'got the message delivered and did not click'],
  ['{ "converted": { "campaignId": "…", "since": "2026-11-01T00:00:00Z" } }', 'converted (from that campaign, since that instant: both optional)'],
  ['{ "optedInSince": "2026-11-01T00:00:00Z" }', 'joined the list, or came back with START, since then'],
  ['{ "and": [ … ] }, { "or": [ … ] }, { "not": … }', 'combine conditions: at most 6 levels deep and 32 conditions'],
];

/** The JSON of the textarea, or the reason it is not a rule object yet. */
export function parseRuleText(text: string): { rule: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `rule: not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'rule: must be a JSON object, such as { "label": "vip" }' };
  return { rule: value as Record<string, unknown> };
}
