import { CLICK_EVENT_FIELD, ClickEvent, decodeClickEvent, encodeClickEvent } from './click-event.js';

const event: ClickEvent = {
  id: '0190f7c6-0000-7000-8000-000000000009',
  code: 'Ab3dEf9h',
  accountId: 'a',
  campaignId: 'c',
  messageId: 'm',
  occurredAtMs: 1_800_000_000_000,
  method: 'GET',
  source: 'link',
  outcome: 'redirected',
  ip: '8.8.8.8',
  userAgent: 'UA',
  referrer: null,
  acceptLanguage: 'en',
};

describe('click stream entries', () => {
  it('round-trips an event through its stream field', () => {
    expect(decodeClickEvent(['other', 'x', CLICK_EVENT_FIELD, encodeClickEvent(event)])).toEqual(event);
  });

  it('refuses entries that are not events of this version instead of throwing', () => {
    expect(decodeClickEvent([])).toBeNull();
    expect(decodeClickEvent([CLICK_EVENT_FIELD, '{not json'])).toBeNull();
    expect(decodeClickEvent([CLICK_EVENT_FIELD, JSON.stringify({ ...event, source: 'sms' })])).toBeNull();
    expect(decodeClickEvent([CLICK_EVENT_FIELD, JSON.stringify({ ...event, occurredAtMs: 'now' })])).toBeNull();
  });
});
