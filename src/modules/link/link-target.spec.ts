import { campaignLinkSettings, decodeLinkEntry, encodeLinkEntry, LinkEntry, linkStatus, LinkTarget, redirectDecision, redirectUrlFor } from './link-target.js';

const entry: LinkEntry = {
  campaignId: '0190f7c6-0000-7000-8000-000000000001',
  messageId: '0190f7c6-0000-7000-8000-000000000002',
  variant: 'B',
  destination: 'https://x.com/a?b=1#c',
  expiresAtMs: null,
  disabled: false,
};
const target = (overrides: Partial<LinkTarget> = {}): LinkTarget => ({
  ...entry,
  code: 'Ab3dEf9h',
  accountId: 'acc',
  redirectUrl: 'https://x.com/a?b=1&utm_source=sms#c',
  fallbackUrl: null,
  ...overrides,
});

describe('redirectDecision', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');

  it('redirects a live link to its UTM-merged URL', () => {
    expect(redirectDecision(target(), now)).toEqual({ status: 302, location: 'https://x.com/a?b=1&utm_source=sms#c', outcome: 'redirected' });
    expect(redirectDecision(target({ expiresAtMs: now + 1 }), now).status).toBe(302);
  });

  it('answers 404 for an unknown code, with no outcome to record', () => {
    expect(redirectDecision(null, now)).toEqual({ status: 404, outcome: null });
  });

  it('answers 410 from the expiry instant on, or sends to the fallback URL', () => {
    expect(redirectDecision(target({ expiresAtMs: now }), now)).toEqual({ status: 410, outcome: 'expired' });
    expect(redirectDecision(target({ expiresAtMs: now - 1, fallbackUrl: 'https://x.com/' }), now)).toEqual({
      status: 302,
      location: 'https://x.com/',
      outcome: 'expired',
    });
  });

  it('answers 404 for a disabled link, even an expired one with a fallback, and records the tap', () => {
    expect(redirectDecision(target({ disabled: true, expiresAtMs: now - 1, fallbackUrl: 'https://x.com/' }), now)).toEqual({
      status: 404,
      outcome: 'disabled',
    });
  });
});

describe('encodeLinkEntry / decodeLinkEntry', () => {
  it('round-trips, including a destination holding the separator and an expiry', () => {
    for (const sample of [entry, { ...entry, destination: 'https://x.com/\u001fodd', expiresAtMs: 1_800_000_000_000, disabled: true }]) {
      expect(decodeLinkEntry(encodeLinkEntry(sample))).toEqual(sample);
    }
  });

  it('reads nothing from a missing or foreign value', () => {
    expect(decodeLinkEntry(null)).toBeNull();
    expect(decodeLinkEntry('')).toBeNull();
    expect(decodeLinkEntry('v0\u001fa\u001fb')).toBeNull();
    expect(decodeLinkEntry('{"json":true}')).toBeNull();
  });
});

describe('redirectUrlFor', () => {
  it('adds the default UTM parameters with the slug and variant, campaign overrides winning', () => {
    expect(redirectUrlFor(entry, { slug: 'spring', utm: null })).toBe(
      'https://x.com/a?b=1&utm_source=sms&utm_medium=sms&utm_campaign=spring&utm_content=B#c',
    );
    expect(redirectUrlFor(entry, { slug: 'spring', utm: { source: 'txt', campaign: 'q4' } })).toBe(
      'https://x.com/a?b=1&utm_source=txt&utm_medium=sms&utm_campaign=q4&utm_content=B#c',
    );
  });
});

describe('linkStatus', () => {
  it('is expired from the expiry instant on, and disabled wins over expired', () => {
    expect(linkStatus({ disabled: false, expiresAtMs: null }, 5)).toBe('active');
    expect(linkStatus({ disabled: false, expiresAtMs: 6 }, 5)).toBe('active');
    expect(linkStatus({ disabled: false, expiresAtMs: 5 }, 5)).toBe('expired');
    expect(linkStatus({ disabled: true, expiresAtMs: 1 }, 5)).toBe('disabled');
  });
});

describe('campaignLinkSettings', () => {
  it('keeps what links need from a campaign row, a missing UTM as null', () => {
    const row = { accountId: 'a', slug: 's', utm: undefined, fallbackUrl: null, name: 'ignored' };
    expect(campaignLinkSettings(row)).toEqual({ accountId: 'a', slug: 's', utm: null, fallbackUrl: null });
  });
});
