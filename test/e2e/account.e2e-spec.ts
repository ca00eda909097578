import { createTestApp, TestApp } from '../utils/test-app.js';

describe('accounts and API keys (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('account');
  });
  afterAll(() => t.close());

  it('stores only a hash of the key', async () => {
    const { accountId, apiKey } = await t.createAccount('Acme');
    const keys = await t.prisma.apiKey.findMany({ where: { accountId } });
    expect(keys).toHaveLength(1);
    expect(keys[0].secretHash).toMatch(/^scrypt\$/);
    expect(keys[0].secretHash).not.toContain(apiKey.split('_')[2]);
  });

  it('refuses /v1 without a valid key', async () => {
    const missing = await fetch(`${t.baseUrl}/v1/recipients/+14155550100`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('Authorization') });
    const wrong = await fetch(`${t.baseUrl}/v1/recipients/+14155550100`, {
      headers: { authorization: 'Bearer sk_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' },
    });
    expect(wrong.status).toBe(401);
  });
});
