import twilio from 'twilio';
import { rewriteTwilioUri } from './twilio-base-url.js';

const MESSAGES = '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json';

describe('rewriteTwilioUri', () => {
  it('keeps the URI when no base URL is set', () => {
    expect(rewriteTwilioUri(`https://api.twilio.com${MESSAGES}`, undefined)).toBe(`https://api.twilio.com${MESSAGES}`);
  });

  it('moves api.twilio.com onto the base URL, keeping path and query', () => {
    expect(rewriteTwilioUri(`https://api.twilio.com${MESSAGES}?To=%2B1&Page=1`, 'http://127.0.0.1:3099')).toBe(
      `http://127.0.0.1:3099${MESSAGES}?To=%2B1&Page=1`,
    );
  });

  it('keeps a path prefix of the base URL', () => {
    expect(rewriteTwilioUri(`https://api.twilio.com${MESSAGES}`, 'http://sandbox:3099/twilio/')).toBe(`http://sandbox:3099/twilio${MESSAGES}`);
  });

  it('also rewrites the hosts the SDK builds for edge and region', () => {
    const client = twilio('AC00000000000000000000000000000000', 'token', { edge: 'sydney', region: 'au1' });
    const host = client.getHostname('api.twilio.com', 'sydney', 'au1');
    expect(host).toBe('api.sydney.au1.twilio.com');
    expect(rewriteTwilioUri(`https://${host}${MESSAGES}`, 'http://127.0.0.1:3099')).toBe(`http://127.0.0.1:3099${MESSAGES}`);
  });

  it('leaves other hosts alone', () => {
    expect(rewriteTwilioUri('https://example.com/x', 'http://127.0.0.1:3099')).toBe('https://example.com/x');
    expect(rewriteTwilioUri('https://nottwilio.com/x', 'http://127.0.0.1:3099')).toBe('https://nottwilio.com/x');
  });
});
