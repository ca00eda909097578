import { generateApiKey, hashSecret, parseApiKey, verifySecret } from './api-key.js';

describe('API keys', () => {
  it('round-trips a generated key through parse, hash and verify', async () => {
    const generated = generateApiKey();
    const parsed = parseApiKey(generated.key);
    expect(parsed).toEqual({ lookupId: generated.lookupId, secret: generated.secret });
    const stored = await hashSecret(generated.secret);
    expect(stored).not.toContain(generated.secret);
    await expect(verifySecret(generated.secret, stored)).resolves.toBe(true);
  });

  it('rejects a wrong secret and malformed keys', async () => {
    const { secret } = generateApiKey();
    const stored = await hashSecret(secret);
    await expect(verifySecret(generateApiKey().secret, stored)).resolves.toBe(false);
    expect(parseApiKey('Bearer nonsense')).toBeNull();
    expect(parseApiKey('sk_short_key')).toBeNull();
  });

  it('salts every hash', async () => {
    const { secret } = generateApiKey();
    expect(await hashSecret(secret)).not.toBe(await hashSecret(secret));
  });
});
