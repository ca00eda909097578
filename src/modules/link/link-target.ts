import { utmParameters, withUtm } from './utm.js';

/**
 * What the redirect needs to know about a short code, and the answer it gives.
 * Pure: the cache layers (memory, Redis, PostgreSQL) all produce these shapes.
 */

/** Per link: stored in Redis as one short string under the link's code. */
export interface LinkEntry {
  campaignId: string;
  messageId: string;
  variant: string;
  /** The call-to-action URL as written in the variant body (UTM not yet added). */
  destination: string;
  expiresAtMs: number | null;
  disabled: boolean;
}

/** Per campaign: shared by all its links, so each link entry stays small. */
export interface CampaignLinkSettings {
  accountId: string;
  slug: string;
  utm: { source?: string; medium?: string; campaign?: string; content?: string; term?: string } | null;
  fallbackUrl: string | null;
}

/** A resolved link: everything the redirect answers from and records with a click. */
export interface LinkTarget extends LinkEntry {
  code: string;
  accountId: string;
  /** The destination with the campaign's UTM parameters merged in. */
  redirectUrl: string;
  fallbackUrl: string | null;
}

/** Where a link sends people: its destination with the campaign's UTM parameters for the message's variant. */
export function redirectUrlFor(entry: Pick<LinkEntry, 'destination' | 'variant'>, settings: Pick<CampaignLinkSettings, 'slug' | 'utm'>): string {
  return withUtm(entry.destination, utmParameters({ campaignSlug: settings.slug, variantKey: entry.variant }, settings.utm));
}

export type LinkOutcome = 'redirected' | 'expired' | 'disabled';

export type RedirectDecision =
  | { status: 302; location: string; outcome: LinkOutcome }
  | { status: 404; outcome: 'disabled' | null }
  | { status: 410; outcome: 'expired' };

/**
 * Live links redirect; expired ones show the 410 page, or go to the campaign's
 * fallback URL when it has one; disabled ones look unknown (404), since a
 * marketer disables a link to make it stop working.
 */
export function redirectDecision(target: LinkTarget | null, nowMs: number): RedirectDecision {
  if (!target) return { status: 404, outcome: null };
  switch (linkStatus(target, nowMs)) {
    case 'disabled':
      return { status: 404, outcome: 'disabled' };
    case 'expired':
      return target.fallbackUrl ? { status: 302, location: target.fallbackUrl, outcome: 'expired' } : { status: 410, outcome: 'expired' };
    case 'active':
      return { status: 302, location: target.redirectUrl, outcome: 'redirected' };
  }
}

/** Disabled wins over expired; a link expires at its expiry instant. The redirect and the links API both read it here. */
export function linkStatus(link: Pick<LinkEntry, 'disabled' | 'expiresAtMs'>, nowMs: number): 'active' | 'expired' | 'disabled' {
  if (link.disabled) return 'disabled';
  return link.expiresAtMs !== null && nowMs >= link.expiresAtMs ? 'expired' : 'active';
}

/** A campaign row's link settings, as the launch warms them and the redirect's PostgreSQL fallback reads them. */
export function campaignLinkSettings(campaign: { accountId: string; slug: string; utm: unknown; fallbackUrl: string | null }): CampaignLinkSettings {
  return {
    accountId: campaign.accountId,
    slug: campaign.slug,
    utm: (campaign.utm ?? null) as CampaignLinkSettings['utm'],
    fallbackUrl: campaign.fallbackUrl,
  };
}

/*
 * Redis encoding of a LinkEntry: fields joined by a unit separator, the
 * destination last (it is the only field that could contain anything).
 * About 130 bytes a link instead of ~300 for JSON with UTM-expanded URLs.
 */
const SEPARATOR = '\u001f';
const FORMAT = 'v1';

export function encodeLinkEntry(entry: LinkEntry): string {
  return [FORMAT, entry.campaignId, entry.messageId, entry.variant, entry.expiresAtMs ?? '', entry.disabled ? '1' : '0', entry.destination].join(SEPARATOR);
}

export function decodeLinkEntry(value: string | null): LinkEntry | null {
  if (!value) return null;
  const fields = value.split(SEPARATOR);
  if (fields.length < 7 || fields[0] !== FORMAT) return null;
  const [, campaignId, messageId, variant, expiresAt, disabled] = fields;
  return {
    campaignId,
    messageId,
    variant,
    expiresAtMs: expiresAt === '' ? null : Number(expiresAt),
    disabled: disabled === '1',
    destination: fields.slice(6).join(SEPARATOR),
  };
}
