import { buildPayload, EventSourceRow } from './webhook-payload.js';

const base: EventSourceRow = {
  id: 'evt', type: 'message.delivered', occurred_at: new Date('2026-12-02T10:00:00Z'), facts: {},
  message_id: 'msg-1', provider_sid: 'SM1', message_status: 'delivered', variant: 'A', segment: 'vip', error_code: null, error_message: null,
  message_phone: '+14155550100', recipient_phone: '+14155550100', external_id: 'crm-42',
  campaign_id: 'cmp-1', campaign_name: 'Spring sale', campaign_status: 'sending', completed_at: null, recipient_count: 10, suppressed_count: 1,
  message_links: [{ code: 'Ab3dEf9h', destination: 'https://shop.example.com/spring' }],
  click_id: null, click_at: null, click_class: null, class_reason: null, click_source: null, click_outcome: null,
  device_type: null, os: null, browser: null, country: null, city: null, click_code: null, click_destination: null,
};

describe('webhook payloads', () => {
  it('gives message events the recipient, campaign, message and links a CRM joins on', () => {
    expect(buildPayload(base, 'https://sms.example/')).toEqual({
      type: 'message.delivered',
      timestamp: '2026-12-02T10:00:00.000Z',
      data: {
        recipient: { phone: '+14155550100', externalId: 'crm-42' },
        campaign: { id: 'cmp-1', name: 'Spring sale' },
        message: { id: 'msg-1', providerSid: 'SM1', status: 'delivered', variant: 'A', segment: 'vip', errorCode: null, errorMessage: null },
        links: [{ code: 'Ab3dEf9h', url: 'https://sms.example/Ab3dEf9h', destination: 'https://shop.example.com/spring' }],
      },
    });
  });

  it('gives link.clicked the link and the click: device, OS, browser, place and class', () => {
    const payload = buildPayload({
      ...base, type: 'link.clicked', facts: { _clickClass: 'human' }, click_id: 'clk-1', click_at: new Date('2026-12-02T10:05:00Z'),
      click_class: 'human', class_reason: 'human', click_source: 'link', click_outcome: 'redirected', device_type: 'mobile', os: 'iOS',
      browser: 'Mobile Safari', country: 'US', city: 'Mountain View', click_code: 'Ab3dEf9h', click_destination: 'https://shop.example.com/spring',
    }, 'https://sms.example');
    expect(payload.data).toMatchObject({
      link: { code: 'Ab3dEf9h', url: 'https://sms.example/Ab3dEf9h', destination: 'https://shop.example.com/spring' },
      click: { id: 'clk-1', occurredAt: '2026-12-02T10:05:00.000Z', class: 'human', device: 'mobile', os: 'iOS', browser: 'Mobile Safari', country: 'US', city: 'Mountain View' },
      message: { id: 'msg-1', variant: 'A', segment: 'vip' },
    });
    expect(payload.data).not.toHaveProperty('links');
    expect(payload.data).not.toHaveProperty('_clickClass');
  });

  it('gives an opt-out without a message the phone from its facts, and the facts not starting with _', () => {
    const payload = buildPayload({
      ...base, type: 'recipient.opted_out', facts: { _phone: '+14155550199', senders: ['+15005550006'], inboundMessageSid: 'SM9' },
      message_id: null, message_phone: null, recipient_phone: null, external_id: null, campaign_id: null, message_links: null,
    }, 'https://sms.example');
    expect(payload.data).toEqual({ recipient: { phone: '+14155550199', externalId: null }, senders: ['+15005550006'], inboundMessageSid: 'SM9' });
  });

  it('gives campaign.completed the campaign with its counts', () => {
    const payload = buildPayload({
      ...base, type: 'campaign.completed', message_id: null, message_phone: null, recipient_phone: null, message_links: null,
      campaign_status: 'completed', completed_at: new Date('2026-12-02T11:00:00Z'),
    }, 'https://sms.example');
    expect(payload.data).toEqual({
      campaign: { id: 'cmp-1', name: 'Spring sale', status: 'completed', completedAt: '2026-12-02T11:00:00.000Z', recipients: 10, suppressed: 1 },
    });
  });
});
