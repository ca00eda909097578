import { describeUserAgent } from './user-agent.js';

describe('describeUserAgent', () => {
  it('describes Safari on an iPhone', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ deviceType: 'mobile', os: 'iOS', osVersion: '18.1.1', browser: 'Mobile Safari', browserVersion: '18.1.1' });
  });

  it('describes an iPad that says it is one', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ deviceType: 'tablet', os: 'iOS', osVersion: '17.5', browser: 'Mobile Safari', browserVersion: '17.5' });
  });

  it('sees an iPad asking for desktop sites (the iPadOS default) as the Mac it claims to be', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ).deviceType,
    ).toBe('desktop');
  });

  it('describes Chrome on an Android phone (reduced user agent)', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toEqual({ deviceType: 'mobile', os: 'Android', osVersion: '10', browser: 'Chrome', browserVersion: '131.0.0.0' });
  });

  it('describes Android tablets, named or not', () => {
    const galaxyTab =
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    expect(describeUserAgent(galaxyTab)).toEqual({
      deviceType: 'tablet',
      os: 'Android',
      osVersion: '13',
      browser: 'Chrome',
      browserVersion: '120.0.0.0',
    });
    // Chrome on an Android tablet leaves "Mobile" out of the reduced user agent.
    const reduced =
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(describeUserAgent(reduced).deviceType).toBe('tablet');
  });

  it('describes Samsung Internet', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      ),
    ).toEqual({ deviceType: 'mobile', os: 'Android', osVersion: '14', browser: 'Samsung Internet', browserVersion: '25.0' });
  });

  it('describes desktops by their operating system', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toEqual({ deviceType: 'desktop', os: 'Windows', osVersion: '10', browser: 'Chrome', browserVersion: '131.0.0.0' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
      ),
    ).toEqual({ deviceType: 'desktop', os: 'Mac OS', osVersion: '10.15.7', browser: 'Safari', browserVersion: '17.6' });
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toMatchObject({ deviceType: 'desktop', os: 'Ubuntu', osVersion: null, browser: 'Firefox' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toMatchObject({ deviceType: 'desktop', os: 'Chromium OS' });
  });

  it('puts consoles, TVs and watches under other', () => {
    const ps5 = 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)';
    const tizenTv =
      'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.0 TV Safari/537.36';
    const galaxyWatch =
      'Mozilla/5.0 (Linux; Android 11; SM-R860 Build/RP1A.200720.012; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/90.0.4430.91 Mobile Safari/537.36';
    for (const userAgent of [ps5, tizenTv, galaxyWatch]) expect(describeUserAgent(userAgent).deviceType).toBe('other');
  });

  it('puts bots and HTTP clients under other', () => {
    expect(describeUserAgent('curl/8.4.0')).toEqual({
      deviceType: 'other',
      os: null,
      osVersion: null,
      browser: null,
      browserVersion: null,
    });
    expect(describeUserAgent('WhatsApp/2.23.20.0 A').deviceType).toBe('other');
  });

  it('describes nothing for an empty user agent', () => {
    const nothing = { deviceType: 'other', os: null, osVersion: null, browser: null, browserVersion: null };
    for (const userAgent of [null, undefined, '', '   ']) expect(describeUserAgent(userAgent)).toEqual(nothing);
  });

  it('returns the cached description for a repeated user agent, frozen', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const first = describeUserAgent(ua);
    expect(describeUserAgent(ua)).toBe(first);
    expect(describeUserAgent(`  ${ua} `)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('only reads the first 500 characters, like ua-parser-js', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0 ';
    const padded = ua.padEnd(500, 'x');
    expect(describeUserAgent(`${padded}${'y'.repeat(10_000)}`)).toBe(describeUserAgent(`${padded}z`));
    expect(describeUserAgent(padded)).toMatchObject({ deviceType: 'desktop', browser: 'Firefox' });
  });
});
