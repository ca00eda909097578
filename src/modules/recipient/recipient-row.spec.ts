import { validateRecipientRow } from './recipient-row.js';

const valid = (raw: unknown) => {
  const check = validateRecipientRow(raw, 'US');
  if (!check.ok) throw new Error(`expected a valid row, got: ${check.reason}`);
  return check.recipient;
};
const reason = (raw: unknown) => {
  const check = validateRecipientRow(raw, 'US');
  if (check.ok) throw new Error('expected a rejection');
  return check.reason;
};

describe('validateRecipientRow', () => {
  it('keeps only the phone when nothing else is given, so the stored fields are kept', () => {
    expect(valid({ phone: '415 555 0100' })).toEqual({ phone: '+14155550100' });
  });

  it('normalises every field', () => {
    expect(
      valid({
        phone: '+1 (415) 555-0100',
        externalId: '  crm-42 ',
        segments: [' vip ', 'news', 'vip', '', '  '],
        attributes: { firstName: 'Ada', orders: 3, member: true, plan: null },
        timezone: 'america/new_york',
      }),
    ).toEqual({
      phone: '+14155550100',
      externalId: 'crm-42',
      segments: ['vip', 'news'],
      attributes: { firstName: 'Ada', orders: 3, member: true, plan: null },
      timezone: 'America/New_York',
    });
  });

  it('treats null and empty externalId and timezone as "clear"', () => {
    expect(valid({ phone: '+14155550100', externalId: null, timezone: '' })).toEqual({
      phone: '+14155550100',
      externalId: null,
      timezone: null,
    });
  });

  it('accepts [] to clear the segments', () => {
    expect(valid({ phone: '+14155550100', segments: [] }).segments).toEqual([]);
  });

  it.each([
    ['Europe/London', 'Europe/London'],
    ['UTC', 'UTC'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['asia/tokyo', 'Asia/Tokyo'],
  ])('accepts the IANA zone %s', (zone, canonical) => {
    expect(valid({ phone: '+14155550100', timezone: zone }).timezone).toBe(canonical);
  });

  it.each(['Mars/Olympus_Mons', '+05:00', 'GMT+5:30', 'New York'])('refuses the time zone %s', (zone) => {
    expect(reason({ phone: '+14155550100', timezone: zone })).toMatch(/is not an IANA time zone name/);
  });

  it('refuses a row that is not an object', () => {
    expect(reason('+14155550100')).toBe('row must be an object');
    expect(reason(null)).toBe('row must be an object');
    expect(reason([])).toBe('row must be an object');
  });

  it('names unknown fields', () => {
    expect(reason({ phone: '+14155550100', phoneNumber: 'x', tags: [] })).toBe('unknown fields phoneNumber, tags');
  });

  it('lists every problem of a row at once', () => {
    expect(reason({ phone: 'garbage', segments: 'vip', timezone: 'Nowhere/Else' })).toBe(
      'not a phone number; segments must be an array of strings; timezone "Nowhere/Else" is not an IANA time zone name such as America/New_York',
    );
  });

  it('refuses nested attribute values and oversize ones', () => {
    expect(reason({ phone: '+14155550100', attributes: { address: { city: 'Paris' } } })).toBe(
      'attributes.address must be a string, number, boolean or null (nested objects and arrays are not supported)',
    );
    expect(reason({ phone: '+14155550100', attributes: ['a'] })).toBe('attributes must be an object of flat values');
    expect(reason({ phone: '+14155550100', attributes: { note: 'x'.repeat(1025) } })).toBe('attributes.note is longer than 1024 characters');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expect(reason({ phone: '+14155550100', attributes: many })).toBe('at most 50 attributes per recipient (got 51)');
  });

  it('keeps "__proto__" as a plain attribute name', () => {
    const attributes = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>;
    const recipient = valid({ phone: '+14155550100', attributes });
    expect(Object.keys(recipient.attributes ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(recipient.attributes)).toBe(Object.prototype);
  });

  it('limits segment count and length', () => {
    expect(reason({ phone: '+14155550100', segments: ['s'.repeat(65)] })).toMatch(/is longer than 64 characters/);
    const many = Array.from({ length: 51 }, (_, i) => `s${i}`);
    expect(reason({ phone: '+14155550100', segments: many })).toBe('at most 50 segments per recipient (got 51)');
    expect(reason({ phone: '+14155550100', segments: ['vip', 3] })).toBe('segments must be an array of strings');
  });

  it('refuses a non-string externalId', () => {
    expect(reason({ phone: '+14155550100', externalId: 42 })).toBe('externalId must be a string');
  });

  it('refuses text PostgreSQL cannot store (NUL, lone surrogates) and keeps emoji', () => {
    const phone = '+14155550100';
    expect(reason({ phone, externalId: 'a\u0000b' })).toBe('externalId must not contain NUL (U+0000) characters');
    expect(reason({ phone, segments: ['ok', 'v\u0000'] })).toBe('segments must not contain NUL (U+0000) characters');
    expect(reason({ phone, attributes: { ['k\u0000']: 'v' } })).toBe('attribute names must not contain NUL (U+0000) characters');
    expect(reason({ phone, attributes: { k: 'x\uD800' } })).toBe('attributes.k must be valid Unicode (it holds a lone UTF-16 surrogate)');
    expect(valid({ phone, segments: ['🎉'], attributes: { k: 'Zoë 😀' } })).toMatchObject({ segments: ['🎉'], attributes: { k: 'Zoë 😀' } });
  });
});
