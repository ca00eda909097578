import { ClickEvent } from './click-event.js';
import { enrichClick, EnrichmentSettings } from './click-row.js';
import { retryDelayMs } from './click-ingest.service.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const event = (overrides: Partial<ClickEvent> = {}): ClickEvent => ({
  id: 'id',
  code: 'Ab3dEf9h',
  accountId: 'a',
  campaignId: 'c',
  messageId: 'm',
  occurredAtMs: Date.parse('2026-12-02T12:00:10Z'),
  method: 'GET',
  source: 'link',
  outcome: 'redirected',
  ip: '::ffff:81.2.69.160',
  userAgent: IPHONE,
  referrer: 'https://News.example.com/a',
  acceptLanguage: 'de-DE',
  ...overrides,
});
const located: string[] = [];
const settings: EnrichmentSettings = {
  ipStorage: 'truncate',
  timingSignalSeconds: 5,
  locate: (ip) => {
    located.push(ip);
    return { country: 'GB', city: 'London' };
  },
};

describe('enrichClick', () => {
  it('locates the full IP, then stores it truncated, with device, browser, referrer host', () => {
    const row = enrichClick(event(), null, settings);
    expect(located.at(-1)).toBe('81.2.69.160');
    expect(row).toMatchObject({
      ip: '81.2.69.0',
      country: 'GB',
      city: 'London',
      deviceType: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
      referrerHost: 'news.example.com',
      clickClass: 'human',
      classReason: 'human',
      secondsSinceDelivery: null,
      timingSignal: false,
      occurredAt: new Date('2026-12-02T12:00:10Z'),
    });
  });

  it('measures time since the delivery receipt and flags a tap within the timing window', () => {
    const row = enrichClick(event(), new Date('2026-12-02T12:00:08Z'), settings);
    expect(row).toMatchObject({ secondsSinceDelivery: 2, timingSignal: true, clickClass: 'human' });
    expect(enrichClick(event(), new Date('2026-12-02T12:00:20Z'), settings).secondsSinceDelivery).toBe(-10);
  });

  it('stores no IP when configured so, and nothing located for a click without one', () => {
    expect(enrichClick(event(), null, { ...settings, ipStorage: 'none' }).ip).toBeNull();
    expect(enrichClick(event({ ip: null }), null, settings)).toMatchObject({ ip: null, country: null, city: null });
  });

  it('classifies a HEAD request as a scanner whatever its user agent', () => {
    expect(enrichClick(event({ method: 'HEAD' }), null, settings)).toMatchObject({ clickClass: 'scanner', classReason: 'head-request' });
  });
});

describe('retryDelayMs', () => {
  it('doubles from half a second up to ten seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
