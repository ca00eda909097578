import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseApiKey } from '../../src/modules/account/api-key.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const run = promisify(execFile);

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
    const secret = parseApiKey(apiKey)!.secret;
    expect(secret).toHaveLength(32);
    expect(keys[0].secretHash).not.toContain(secret);
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

  // Runs the compiled CLI through npm exactly as operators do (`npm ci` builds dist/ via `prepare`).
  it('`npm run account:create` prints one JSON line whose key works', async () => {
    const { stdout } = await run('npm', ['run', 'account:create', '--', '--name', 'Acme CLI'], {
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL },
    });
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    const created = JSON.parse(lines[0]) as { accountId: string; apiKey: string };
    expect(created).toEqual({ accountId: expect.any(String), apiKey: expect.stringMatching(/^sk_/) });

    const response = await fetch(`${t.baseUrl}/v1/campaigns/00000000-0000-0000-0000-000000000000`, {
      headers: { authorization: `Bearer ${created.apiKey}` },
    });
    expect(response.status).toBe(404);
  });

  it('`npm run account:create` without --name explains itself and exits non-zero', async () => {
    await expect(run('npm', ['run', 'account:create'], { env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL } })).rejects.toMatchObject({
      stderr: expect.stringContaining('--name is required'),
    });
  });
});
