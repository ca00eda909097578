import type { ClickRow } from './click-row.js';
import { campaignOfChannel, liveClickChannel, liveClickMessages, maskCode, parseLiveClicks, toLiveClick } from './live-click.js';

const row = (over: Partial<ClickRow> = {}): ClickRow => ({
  id: 'click-1', code: 'Ab3dEf9Z', accountId: 'acc', campaignId: 'camp-1', messageId: 'msg-1', source: 'link', outcome: 'redirected',
  clickClass: 'human', classReason: 'browser', timingSignal: false, secondsSinceDelivery: 12, method: 'GET',
  occurredAt: new Date('2026-12-02T18:00:00.000Z'), ip: '203.0.113.0', userAgent: 'Mozilla/5.0 (iPhone)', referrer: null, referrerHost: null,
  acceptLanguage: 'en', deviceType: 'mobile', os: 'iOS', osVersion: '17.5', browser: 'Mobile Safari', browserVersion: '17.5',
  country: 'US', city: 'Springfield', ...over,
} as ClickRow);

describe('live click events', () => {
  it('mask all but the first characters of the short code (the recipient\'s bearer token)', () => {
    expect(maskCode('Ab3dEf9Z')).toBe('Ab3*****');
    expect(maskCode('Ab')).toBe('Ab');
  });

  it('carry what the feed shows and nothing that identifies the recipient', () => {
    const event = toLiveClick(row(), 'B');
    expect(event).toEqual({
      id: 'click-1', occurredAt: '2026-12-02T18:00:00.000Z', source: 'link', clickClass: 'human', classReason: 'browser',
      deviceType: 'mobile', os: 'iOS', browser: 'Mobile Safari', country: 'US', variant: 'B', code: 'Ab3*****',
    });
    expect(JSON.stringify(event)).not.toMatch(/203\.0\.113|iPhone\)|Springfield|msg-1/);
  });

  it('group a batch into one message per campaign, newly stored clicks only', () => {
    const rows = [row({ id: 'a' }), row({ id: 'b', campaignId: 'camp-2' }), row({ id: 'replayed' }), row({ id: 'c' })];
    const messages = liveClickMessages(rows, new Map([['a', 'A'], ['b', 'B'], ['c', null]]));
    expect([...messages.keys()]).toEqual(['camp-1', 'camp-2']);
    expect(parseLiveClicks(messages.get('camp-1')!).map((c) => [c.id, c.variant])).toEqual([['a', 'A'], ['c', null]]);
    expect(parseLiveClicks(messages.get('camp-2')!).map((c) => c.id)).toEqual(['b']);
  });

  it('read nothing from an unreadable message', () => {
    expect(parseLiveClicks('not json')).toEqual([]);
    expect(parseLiveClicks('{"id":"x"}')).toEqual([]);
    expect(parseLiveClicks('[{"id":"x"}, 3, null]')).toEqual([{ id: 'x' }]);
  });

  it('use a channel per campaign under the app prefix, and find the campaign back', () => {
    const config = { QUEUE_PREFIX: 'smslinks' };
    expect(liveClickChannel(config, 'c1')).toBe('smslinks:live-clicks:c1');
    expect(campaignOfChannel(config, 'smslinks:live-clicks:c1')).toBe('c1');
    expect(campaignOfChannel(config, 'other:live-clicks:c1')).toBeNull();
    expect(campaignOfChannel(config, 'smslinks:live-clicks:')).toBeNull();
  });
});
