import { DomainError } from '../../common/domain-error.js';
import { campaignReferences, MAX_RULE_CONDITIONS, MAX_RULE_DEPTH, parseAudienceRule } from './audience-rule.js';

const CAMPAIGN = '0193a2b4-0000-7000-8000-0000000000aa';
const OTHER = '0193a2b4-0000-7000-8000-0000000000bb';

/** The message of the 400 a rule gets, or 'ok'. */
function problem(rule: unknown): string {
  try {
    parseAudienceRule(rule);
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.kind).toBe('invalid');
    return error.message;
  }
}

describe('parseAudienceRule', () => {
  it('accepts every condition and combinator, normalising ids and dates', () => {
    const rule = parseAudienceRule({
      or: [
        { and: [{ clicked: { campaignId: CAMPAIGN.toUpperCase(), variant: 'B', withoutConversionWithinHours: 1.5 } }, { not: { label: 'vip' } }] },
        { deliveredNotClicked: { campaignId: CAMPAIGN } },
        { converted: { since: '2026-11-01T02:00:00+02:00' } },
        { optedInSince: '2026-11-01T00:00:00Z' },
      ],
    });
    expect(rule).toEqual({
      or: [
        { and: [{ clicked: { campaignId: CAMPAIGN, variant: 'B', withoutConversionWithinHours: 1.5 } }, { not: { label: 'vip' } }] },
        { deliveredNotClicked: { campaignId: CAMPAIGN } },
        { converted: { since: '2026-11-01T00:00:00.000Z' } },
        { optedInSince: '2026-11-01T00:00:00.000Z' },
      ],
    });
  });

  it('names the exact path and problem of a bad rule', () => {
    expect(problem(null)).toMatch(/^rule: must be an object with one of: label, clicked/);
    expect(problem({})).toBe('rule: must have exactly one of: label, clicked, deliveredNotClicked, converted, optedInSince, and, or, not (got none)');
    expect(problem({ label: 'a', or: [] })).toMatch(/^rule: must have exactly one of: .* \(got label, or\)$/);
    expect(problem({ clicks: {} })).toMatch(/^rule: must have exactly one of: .*\(got clicks\)$/);
    expect(problem({ and: [] })).toBe('rule.and: must be a non-empty array of rules');
    expect(problem({ and: [{ label: 'ok' }, { not: { label: ' ' } }] })).toMatch(/^rule\.and\[1\]\.not\.label: must be a segment label/);
    expect(problem({ clicked: { campaignId: 'x' } })).toBe('rule.clicked.campaignId: must be a campaign id (UUID)');
    expect(problem({ clicked: {} })).toBe('rule.clicked.campaignId: must be a campaign id (UUID)');
    expect(problem({ clicked: { campaignId: CAMPAIGN, variant: ' ' } })).toBe('rule.clicked.variant: must be a variant key');
    expect(problem({ clicked: { campaignId: CAMPAIGN, withoutConversionWithinHours: -1 } })).toMatch(/^rule\.clicked\.withoutConversionWithinHours: must be a number of hours above 0/);
    expect(problem({ clicked: { campaignId: CAMPAIGN, withoutConversionWithinHours: '1' } })).toMatch(/^rule\.clicked\.withoutConversionWithinHours:/);
    expect(problem({ deliveredNotClicked: { campaignId: CAMPAIGN, withoutConversionWithinHours: 1 } })).toMatch(/^rule\.deliveredNotClicked\.withoutConversionWithinHours: is not a known field/);
    expect(problem({ converted: { since: '2026-13-01T00:00:00Z' } })).toMatch(/^rule\.converted\.since: must be a date-time with an offset/);
    expect(problem({ optedInSince: '2026-11-01' })).toMatch(/^rule\.optedInSince: must be a date-time with an offset/);
    expect(problem({ converted: 'yes' })).toBe('rule.converted: must be an object');
  });

  it('bounds depth and size, so a rule stays cheap to evaluate', () => {
    let deep: unknown = { label: 'x' };
    for (let i = 1; i < MAX_RULE_DEPTH; i++) deep = { not: deep };
    expect(problem(deep)).toBe('ok');
    expect(problem({ not: deep })).toMatch(/nest at most 6 levels deep/);
    const wide = (n: number) => ({ or: Array.from({ length: n }, () => ({ label: 'x' })) });
    expect(problem(wide(MAX_RULE_CONDITIONS))).toBe('ok');
    expect(problem(wide(MAX_RULE_CONDITIONS + 1))).toMatch(/at most 32 conditions/);
  });
});

describe('campaignReferences', () => {
  it('lists every campaign and variant a rule names, with where', () => {
    const rule = parseAudienceRule({
      and: [{ clicked: { campaignId: CAMPAIGN, variant: 'A' } }, { not: { converted: { campaignId: OTHER } } }, { converted: {} }, { label: 'vip' }],
    });
    expect(campaignReferences(rule)).toEqual([
      { campaignId: CAMPAIGN, variant: 'A', path: 'rule.and[0].clicked' },
      { campaignId: OTHER, path: 'rule.and[1].not.converted' },
    ]);
  });
});
