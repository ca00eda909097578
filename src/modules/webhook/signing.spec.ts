import { Webhook } from 'standardwebhooks';
import { generateSecret, PREVIOUS_SECRET_VALID_MS, signedHeaders, signingSecrets } from './signing.js';

describe('webhook signing', () => {
  const body = JSON.stringify({ type: 'message.sent', timestamp: '2026-12-02T10:00:00.000Z', data: { a: 1 } });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('signs so that the standardwebhooks library verifies, and a tampered body does not', () => {
    const secret = generateSecret();
    const headers = signedHeaders([secret], 'evt-1', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('"a":1', '"a":2'), headers)).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('signs with both secrets during a rotation: either verifies', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const headers = signedHeaders([current, previous], 'evt-2', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it('keeps the previous secret for 24 hours after a rotation only', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const rotated = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date(now.getTime() + 1000) };
    expect(signingSecrets(rotated, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(rotated, new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS))).toEqual(['whsec_new']);
    expect(signingSecrets({ secret: 'whsec_new', previousSecret: null, previousSecretExpiresAt: null }, now)).toEqual(['whsec_new']);
  });
});
