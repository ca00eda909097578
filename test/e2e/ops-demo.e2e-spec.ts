import { localSandbox } from '../../src/cli/demo-sandbox.js';
import { runDemo } from '../../src/cli/demo.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/**
 * `npm run demo` is the product's first impression (and what `docker compose up`
 * runs), so it runs here too: the same function, against a test app and its
 * sandbox, through the public API only.
 */
describe('npm run demo (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('ops_demo');
  });
  afterAll(() => t.close());

  it('sends one message per recipient, records receipts, and opts out the phone that replied STOP', async () => {
    const lines: string[] = [];
    const summary = await runDemo(
      {
        apiUrl: t.baseUrl,
        publicUrl: t.baseUrl,
        shortLinkBase: t.config.SHORT_LINK_BASE_URL,
        sandbox: localSandbox(t.sandbox),
        createAccount: (name) => t.createAccount(name),
        close: async () => undefined,
      },
      40,
      (line = '') => void lines.push(line),
    );

    expect(summary.messages).toHaveLength(40);
    expect(new Set(summary.messages.map((m) => m.to)).size).toBe(40);
    const links = summary.messages.map((m) => /https?:\/\/\S+/.exec(m.body)?.[0]);
    expect(new Set(links).size).toBe(40);
    expect(links.every((link) => link?.startsWith(`${t.baseUrl}/`))).toBe(true);
    expect(summary.campaign.counts).toMatchObject({ recipients: 40, delivered: 40 });
    expect(summary.optedOutAfterStop).toBe(true);

    const output = lines.join('\n');
    expect(output).toContain(`API key     ${summary.apiKey}`);
    expect(output).toContain(`Campaign    ${summary.campaignId}`);
    expect(output).toContain('not a phone number');
    expect(output).toMatch(/Preview A: GSM-7, 1 segment\(s\)/);
  });

  it('shows those sends and webhooks on /metrics', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const value = (series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1]);
    expect(value('smslinks_send_attempts_total{outcome="sent"}')).toBe(40);
    // At least `sent` and `delivered` per message; retried callbacks may add more.
    expect(value('smslinks_provider_webhooks_total{kind="status",outcome="accepted"}')).toBeGreaterThanOrEqual(80);
    expect(value('smslinks_provider_webhooks_total{kind="inbound",outcome="accepted"}')).toBe(1);
    expect(value('smslinks_queue_jobs{queue="send",state="waiting"}')).toBe(0);
  });
});
