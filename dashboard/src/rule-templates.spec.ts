import { settingsSummary } from './format.js';
import { keyPart, parseRuleText, ruleTemplate, TEMPLATES } from './rule-templates.js';

const campaign = { id: '0196f3c2-7a1e-7c3a-9d2b-2f1e4a5b6c7d', name: 'Winter sale 2026!' };
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/; // SEGMENT_KEY of the API

describe('segment rule templates', () => {
  it('fills each template from a campaign, hours or a date, with a key the API accepts', () => {
    expect(ruleTemplate('clickedNoPurchase', { campaign, hours: 24 })).toEqual({
      key: 'winter-sale-2026-clicked-no-buy-24h',
      name: 'Clicked "Winter sale 2026!", no purchase within 24 h',
      rule: { clicked: { campaignId: campaign.id, withoutConversionWithinHours: 24 } },
    });
    expect(ruleTemplate('deliveredNotClicked', { campaign })).toEqual({
      key: 'winter-sale-2026-not-clicked', name: 'Got "Winter sale 2026!" but did not click', rule: { deliveredNotClicked: { campaignId: campaign.id } },
    });
    expect(ruleTemplate('convertedSince', { since: '2026-11-01T00:00:00.000Z' })).toEqual({
      key: 'converted-since-2026-11-01', name: 'Converted since 2026-11-01', rule: { converted: { since: '2026-11-01T00:00:00.000Z' } },
    });
    expect(ruleTemplate('convertedSince', { campaign, since: '2026-11-01T00:00:00.000Z' })).toMatchObject({
      rule: { converted: { campaignId: campaign.id, since: '2026-11-01T00:00:00.000Z' } },
    });
    for (const t of TEMPLATES) {
      const draft = ruleTemplate(t.kind, { campaign: { ...campaign, name: 'Ünïcode — déjà vu '.repeat(10) }, hours: 1.5, since: '2026-11-01T00:00:00Z' });
      expect(typeof draft === 'object' && KEY.test(draft.key)).toBe(true);
    }
  });

  it('says what is missing instead of building a rule the API would refuse', () => {
    expect(ruleTemplate('clickedNoPurchase', { hours: 24 })).toBe('Choose a campaign first.');
    expect(ruleTemplate('clickedNoPurchase', { campaign, hours: 0 })).toMatch(/above 0/);
    expect(ruleTemplate('deliveredNotClicked', {})).toBe('Choose a campaign first.');
    expect(ruleTemplate('convertedSince', { since: '' })).toBe('Give the date first.');
    expect(keyPart('!!!')).toBe('campaign');
  });

  it('reads the rule editor\'s JSON or says why not', () => {
    expect(parseRuleText('{ "label": "vip" }')).toEqual({ rule: { label: 'vip' } });
    expect(parseRuleText('{ "label": ')).toEqual({ error: expect.stringMatching(/^rule: not valid JSON/) });
    expect(parseRuleText('[1]')).toEqual({ error: expect.stringMatching(/^rule: must be a JSON object/) });
  });
});

describe('settingsSummary', () => {
  it('says the caps and the quiet hours in a sentence', () => {
    expect(settingsSummary({ frequencyCap: { per24Hours: 3, per7Days: null }, quietHours: null }))
      .toBe('At most 3 messages per recipient in 24 hours; no 7-day cap; no quiet hours.');
    expect(settingsSummary({ frequencyCap: { per24Hours: null, per7Days: 1 }, quietHours: { start: '09:00', end: '20:00' } }))
      .toBe("No 24-hour cap; at most 1 message per recipient in 7 days; campaigns without their own window send only from 09:00 to 20:00, recipient's local time.");
  });
});
