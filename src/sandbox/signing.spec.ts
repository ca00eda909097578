import twilio from 'twilio';
import { deliveryUrl, twilioSignature } from './signing.js';

describe('twilioSignature', () => {
  const url = 'https://app.example.com/webhooks/twilio/status?tenant=1';
  const params = { MessageSid: 'SM123', MessageStatus: 'delivered', To: '+14155550100' };

  it('produces what the SDK validator accepts', () => {
    const signature = twilioSignature('token', url, params);
    expect(twilio.validateRequest('token', signature, url, params)).toBe(true);
  });

  it('matches Twilio documented algorithm: base64 HMAC-SHA1 of URL + sorted key/value pairs', async () => {
    const { createHmac } = await import('node:crypto');
    const data = url + Object.keys(params).sort().map((k) => k + params[k as keyof typeof params]).join('');
    expect(twilioSignature('token', url, params)).toBe(createHmac('sha1', 'token').update(data).digest('base64'));
  });

  it('is refused with another token, URL or parameter', () => {
    const signature = twilioSignature('token', url, params);
    expect(twilio.validateRequest('other', signature, url, params)).toBe(false);
    expect(twilio.validateRequest('token', signature, url.replace('tenant=1', 'tenant=2'), params)).toBe(false);
    expect(twilio.validateRequest('token', signature, url, { ...params, MessageStatus: 'failed' })).toBe(false);
  });
});

describe('deliveryUrl', () => {
  const proxy = { publicBaseUrl: 'https://public.example.com/', targetBaseUrl: 'http://127.0.0.1:4000' };

  it('sends URLs under the public base URL to the proxy target', () => {
    expect(deliveryUrl('https://public.example.com/webhooks/twilio/status?x=1', proxy)).toBe('http://127.0.0.1:4000/webhooks/twilio/status?x=1');
  });

  it('leaves other URLs, and everything without a proxy, alone', () => {
    expect(deliveryUrl('https://public.example.community/x', proxy)).toBe('https://public.example.community/x');
    expect(deliveryUrl('http://127.0.0.1:5000/x', proxy)).toBe('http://127.0.0.1:5000/x');
    expect(deliveryUrl('https://public.example.com/x', undefined)).toBe('https://public.example.com/x');
  });
});
