import { utmParameters, withUtm } from './utm.js';

const defaults = { campaignSlug: 'spring-sale', variantKey: 'B' };

describe('utmParameters', () => {
  it('tags sms traffic with the campaign slug and variant key by default', () => {
    const expected = { utm_source: 'sms', utm_medium: 'sms', utm_campaign: 'spring-sale', utm_content: 'B' };
    expect(utmParameters(defaults, undefined)).toEqual(expected);
    expect(utmParameters(defaults, null)).toEqual(expected);
    expect(utmParameters(defaults, {})).toEqual(expected);
  });

  it('lets overrides replace defaults key by key', () => {
    expect(utmParameters(defaults, { source: 'twilio', campaign: 'Spring 2026' })).toEqual({
      utm_source: 'twilio',
      utm_medium: 'sms',
      utm_campaign: 'Spring 2026',
      utm_content: 'B',
    });
  });

  it('adds term only when given', () => {
    expect(utmParameters(defaults, { term: 'shoes' })).toMatchObject({ utm_term: 'shoes' });
    expect(utmParameters(defaults, { term: '' })).not.toHaveProperty('utm_term');
  });

  it('drops a parameter whose override is the empty string', () => {
    expect(utmParameters(defaults, { medium: '', content: '' })).toEqual({
      utm_source: 'sms',
      utm_campaign: 'spring-sale',
    });
    expect(utmParameters(defaults, { source: '', medium: '', campaign: '', content: '' })).toEqual({});
  });

  it('treats a null override (from stored JSON) as not set', () => {
    const stored = JSON.parse('{"source": null, "term": null}') as Record<string, string>;
    expect(utmParameters(defaults, stored)).toEqual(utmParameters(defaults, {}));
  });

  it('lists the parameters in source, medium, campaign, content, term order', () => {
    const overrides = { term: 't', content: 'c', source: 's' };
    expect(Object.keys(utmParameters(defaults, overrides))).toEqual([
      'utm_source',
      'utm_medium',
      'utm_campaign',
      'utm_content',
      'utm_term',
    ]);
  });
});

describe('withUtm', () => {
  const utm = { utm_source: 'sms', utm_campaign: 'spring' };
  const tail = 'utm_source=sms&utm_campaign=spring';

  it('adds a query to a URL without one', () => {
    expect(withUtm('https://x.com', utm)).toBe(`https://x.com/?${tail}`);
    expect(withUtm('https://x.com/shop/shoes', utm)).toBe(`https://x.com/shop/shoes?${tail}`);
  });

  it('appends after an existing query', () => {
    expect(withUtm('https://x.com/p?id=42&ref=home', utm)).toBe(`https://x.com/p?id=42&ref=home&${tail}`);
  });

  it('keeps existing encodings byte for byte', () => {
    expect(withUtm('https://x.com/?q=a%20b&plus=a+b&lit=%2B&amp=%26x&t=~me&eq=a=b=c', utm)).toBe(
      `https://x.com/?q=a%20b&plus=a+b&lit=%2B&amp=%26x&t=~me&eq=a=b=c&${tail}`,
    );
  });

  it('percent-encodes unicode in path and query as a browser would, then leaves it alone', () => {
    expect(withUtm('https://x.com/café?q=naïve ü', utm)).toBe(`https://x.com/caf%C3%A9?q=na%C3%AFve%20%C3%BC&${tail}`);
    expect(withUtm('https://x.com/caf%C3%A9?q=%C3%BC', utm)).toBe(`https://x.com/caf%C3%A9?q=%C3%BC&${tail}`);
  });

  it('keeps repeated keys and keys without a value', () => {
    expect(withUtm('https://x.com/?a=1&a=2', utm)).toBe(`https://x.com/?a=1&a=2&${tail}`);
    expect(withUtm('https://x.com/?flag', utm)).toBe(`https://x.com/?flag&${tail}`);
    expect(withUtm('https://x.com/?flag&a=', utm)).toBe(`https://x.com/?flag&a=&${tail}`);
  });

  it('never overwrites nor repeats a UTM parameter the marketer set, whatever its value', () => {
    expect(withUtm('https://x.com/?utm_source=newsletter', utm)).toBe(
      'https://x.com/?utm_source=newsletter&utm_campaign=spring',
    );
    expect(withUtm('https://x.com/?utm_source=', utm)).toBe('https://x.com/?utm_source=&utm_campaign=spring');
    expect(withUtm('https://x.com/?utm_source', utm)).toBe('https://x.com/?utm_source&utm_campaign=spring');
  });

  it('compares keys as URLSearchParams decodes them', () => {
    expect(withUtm('https://x.com/?utm%5Fsource=a', utm)).toBe('https://x.com/?utm%5Fsource=a&utm_campaign=spring');
    // "utm+source" decodes to "utm source", which is not utm_source.
    expect(withUtm('https://x.com/?utm+source=a', utm)).toBe(`https://x.com/?utm+source=a&${tail}`);
  });

  it('compares keys case-sensitively, as analytics tools read only lowercase utm_*', () => {
    expect(withUtm('https://x.com/?UTM_SOURCE=mail', utm)).toBe(`https://x.com/?UTM_SOURCE=mail&${tail}`);
  });

  it('returns the normalised URL when every parameter is already there', () => {
    expect(withUtm('https://x.com/?utm_campaign=a&utm_source=b#top', utm)).toBe(
      'https://x.com/?utm_campaign=a&utm_source=b#top',
    );
    expect(withUtm('https://x.com', {})).toBe('https://x.com/');
  });

  it('puts the query before the fragment', () => {
    expect(withUtm('https://x.com/page#section-2', utm)).toBe(`https://x.com/page?${tail}#section-2`);
    expect(withUtm('https://x.com/page?a=1#section-2', utm)).toBe(`https://x.com/page?a=1&${tail}#section-2`);
  });

  it('leaves a hash route alone: its "query" belongs to the fragment', () => {
    expect(withUtm('https://x.com/#/path?a=1', utm)).toBe(`https://x.com/?${tail}#/path?a=1`);
    expect(withUtm('https://x.com/app?v=2#/path?utm_source=x', utm)).toBe(
      `https://x.com/app?v=2&${tail}#/path?utm_source=x`,
    );
  });

  it('writes IDN hosts in punycode, as a browser requests them', () => {
    expect(withUtm('https://bücher.example/', utm)).toBe(`https://xn--bcher-kva.example/?${tail}`);
  });

  it('keeps a port, and drops only default ones', () => {
    expect(withUtm('http://localhost:8080/a?b=1', utm)).toBe(`http://localhost:8080/a?b=1&${tail}`);
    expect(withUtm('https://x.com:443/a', utm)).toBe(`https://x.com/a?${tail}`);
  });

  it('does not leave a stray separator after a bare "?" or a trailing "&"', () => {
    expect(withUtm('https://x.com/a?', utm)).toBe(`https://x.com/a?${tail}`);
    expect(withUtm('https://x.com/a?b=1&', utm)).toBe(`https://x.com/a?b=1&${tail}`);
  });

  it('encodes values with spaces, reserved characters and unicode with encodeURIComponent', () => {
    const params = utmParameters(defaults, { campaign: 'Été 2026 & more', term: 'a+b=c #1' });
    expect(withUtm('https://x.com/', params)).toBe(
      'https://x.com/?utm_source=sms&utm_medium=sms&utm_campaign=%C3%89t%C3%A9%202026%20%26%20more&utm_content=B' +
        '&utm_term=a%2Bb%3Dc%20%231',
    );
    // ...and what analytics reads back is what the marketer typed.
    expect(new URL(withUtm('https://x.com/', params)).searchParams.get('utm_campaign')).toBe('Été 2026 & more');
  });

  it('does not throw on a lone surrogate in a value', () => {
    expect(withUtm('https://x.com/', { utm_term: 'a\uD800b' })).toBe('https://x.com/?utm_term=a%EF%BF%BDb');
  });

  it('adds nothing for a parameter disabled by an override', () => {
    const params = utmParameters(defaults, { source: '', medium: '', content: '' });
    expect(withUtm('https://x.com/?a=1', params)).toBe('https://x.com/?a=1&utm_campaign=spring-sale');
  });

  it('returns anything that is not an http(s) URL unchanged', () => {
    expect(withUtm('not a url', utm)).toBe('not a url');
    expect(withUtm('/relative/path', utm)).toBe('/relative/path');
    expect(withUtm('mailto:a@x.com', utm)).toBe('mailto:a@x.com');
    expect(withUtm('ftp://files.example.com/a.zip', utm)).toBe('ftp://files.example.com/a.zip');
  });
});
