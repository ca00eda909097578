/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { METRIC_COLUMNS } from '../../dashboard/src/format.js';
import { getJson, postJson, tap, USER_AGENTS } from '../utils/campaigns.js';
import { buildDashboard, openDashboardPage, SCREENSHOTS } from '../utils/dashboard-browser.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * The dashboard in a real browser (Debian's Chromium driven by
 * playwright-core) against the real app, database, queues and Twilio
 * sandbox: sign in, compose and preview, launch, clicks from phones and a
 * bot, the live feed, the numbers against the API, charts, exports,
 * recipients. Every wait is for a condition, never for a time.
 */
const SENDER = '+15005550006';
const phone = (n: number) => `+1415888${String(n).padStart(4, '0')}`;
/** 140 characters of GSM-7 text: with the 15-character URL the body is 1 segment as written, and 2 once the ~31-character short link replaces it. */
const COUNT_METRICS = new Set(METRIC_COLUMNS.filter((c) => c.kind === 'count').map((c) => c.key));
const LONG_TEXT = 'Last call for our winter sale: every coat, boot and scarf is 30% off until midnight tonight, and shipping is free on all orders over 50 USD!!';

describe('marketer dashboard in a browser (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let apiKey: string;
  let browser: Browser;
  let page: Page;
  let campaignId: string;
  let messages: { id: string; phone: string; variant: string; links: { code: string }[] }[];
  let pageErrors: string[];
  /** Error answers the suite asks for on purpose: the wrong key, the lookup of an unknown phone. */
  const expectedErrors = [/\/v1\/campaigns\?limit=1 401$/, /\/v1\/recipients\/%2B14155559999 404$/];
  let dashboard: ReturnType<typeof buildDashboard> | undefined;

  beforeAll(async () => {
    dashboard = buildDashboard('dashboard-ui');
    t = await createTestApp('dashboard', { DASHBOARD_DIR: dashboard.dir });
    const account = await t.createAccount('Dashboard');
    ({ auth, apiKey } = account);
    await t.prisma.recipient.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({ accountId: account.accountId, phone: phone(i), segments: i % 2 === 0 ? ['vip'] : ['new'] })),
    });
    ({ browser, page, problems: pageErrors } = await openDashboardPage(expectedErrors, { acceptDownloads: true }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    dashboard?.remove();
  });

  it('signs in with an API key kept for the browser session only, and says in words when a key is wrong', async () => {
    await page.goto(`${t.baseUrl}/dashboard/`);
    await page.getByLabel('API key').fill('sk_wrong_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in .status.error').filter({ hasText: 'Your API key was not accepted' }).waitFor();
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem('smslinks.apiKey'), localStorage.length, document.cookie])).toEqual([apiKey, 0, '']);
  });

  it('composes a two-variant campaign and previews each variant as the API does, warning when the link adds a segment', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByLabel('Name').fill('Winter sale');
    await page.getByLabel('Sender').fill(SENDER);
    await page.getByLabel('Target segments').fill('vip, new');
    await page.getByLabel('Tags').fill('winter');
    await page.locator('#variant-1-body').fill('Winter sale: 20% off at https://shop.example.com/winter Reply STOP to opt out');
    await page.locator('#variant-2-weight').fill('2');
    await page.locator('#variant-2-body').fill(`${LONG_TEXT} https://x.co/w`);
    await page.getByLabel('Source').fill('sms');
    await page.getByLabel('Send only from').fill('08:00');
    await page.getByLabel("until (recipient's time)").fill('21:00');

    const preview = await postJson(t, auth, '/v1/campaigns/preview', {
      name: 'p', from: SENDER, segments: ['vip'],
      variants: [
        { key: 'A', body: await page.locator('#variant-1-body').inputValue() },
        { key: 'B', body: await page.locator('#variant-2-body').inputValue() },
      ],
    });
    const [a, b] = preview.body.variants;
    expect([a.segments, b.segmentsBeforeLinks, b.segments]).toEqual([1, 1, 2]);
    for (const [n, expected] of [[1, a], [2, b]] as const) {
      const box = page.locator(`#variant-${n}-preview`);
      await box.locator('[data-testid="preview-segments"]').filter({ hasText: `${expected.segments} SMS segment` }).waitFor();
      expect(await box.locator('[data-testid="preview-encoding"]').textContent()).toBe(expected.encoding);
      expect(await box.locator('[data-testid="preview-body"]').textContent()).toMatch(new RegExp(`^${expected.body.replace(/\/[A-Za-z0-9]{8}(\s|$)/, '/[A-Za-z0-9]{8}$1').replace(/[.?+()|[\]{}^$]/g, (c: string) => (c === '[' || c === ']' || c === '{' || c === '}' ? c : `\\${c}`))}`.slice(0, 40)));
    }
    await page.locator('#variant-2-preview [data-testid="preview-link-warning"]').filter({ hasText: 'from 1 to 2 segments' }).waitFor();
    expect(await page.locator('#variant-1-preview [data-testid="preview-link-warning"]').count()).toBe(0);
  });

  it('launches against the sandbox and opens the campaign page', async () => {
    await page.getByRole('button', { name: 'Save and launch' }).click();
    await page.waitForURL(/#\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = /campaigns\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const campaign = (await getJson(t, auth, `/v1/campaigns/${campaignId}`)).body;
    expect(campaign).toMatchObject({ name: 'Winter sale', segments: ['vip', 'new'], tags: ['winter'], quietHours: { start: '08:00', end: '21:00' }, utm: { source: 'sms' } });
    expect(campaign.variants.map((v: { key: string; weight: number }) => [v.key, v.weight])).toEqual([['A', 1], ['B', 2]]);
    messages = (await eventually(async () => {
      const rows = await t.prisma.message.findMany({ where: { campaignId }, include: { links: true }, orderBy: { phone: 'asc' } });
      return rows.length === 12 && rows.every((m) => m.status === 'delivered') ? rows : null;
    }, { timeoutMs: 60_000 }))!;
  });

  it('shows each new click in the live feed as it happens, with its class and device', async () => {
    await page.locator('#feed-state[data-state="live"]').waitFor();
    expect((await tap(t, messages[0].links[0].code, { userAgent: USER_AGENTS.iphoneSafari, ip: '8.8.8.8' })).status).toBe(302);
    const human = page.locator('#feed-list li[data-class="human"]').first();
    await human.waitFor();
    expect(await human.textContent()).toMatch(/human.*mobile · iOS · Mobile Safari.*variant [AB]/);
    expect((await tap(t, messages[1].links[0].code, { userAgent: USER_AGENTS.whatsApp })).status).toBe(302);
    await page.locator('#feed-list li[data-class="preview"]').waitFor();
    for (const i of [2, 3]) expect((await tap(t, messages[i].links[0].code, { userAgent: USER_AGENTS.androidChrome })).status).toBe(302);
    await page.locator('#feed-list li[data-class="human"]').nth(2).waitFor();
    expect(await page.locator('#feed-list li').count()).toBe(4);
  });

  it('shows every metric of the variant x segment table equal to GET /stats, the verdict in words, and draws every chart', async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(() => document.querySelector('#stats-table tfoot [data-metric="uniqueClicks"]')?.getAttribute('data-value') === '3');
    const stats = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats?groupBy=variant,segment`)).body;
    const shown = await page.locator('#stats-table').evaluate((table) => {
      const read = (row: Element) => Object.fromEntries([...row.querySelectorAll('td[data-metric]')].map((td) => [td.getAttribute('data-metric'), [td.getAttribute('data-value'), td.textContent]]));
      return {
        groups: [...table.querySelectorAll('tbody tr')].map((tr) => ({ variant: tr.getAttribute('data-variant'), segment: tr.getAttribute('data-segment'), cells: read(tr) })),
        total: read(table.querySelector('tfoot tr')!),
      };
    });
    const expectRow = (cells: Record<string, [string, string]>, metrics: Record<string, unknown>) => {
      for (const [name, [value, text]] of Object.entries(cells)) {
        const [key, pick] = name.split('.');
        const raw = pick ? (metrics[key] as Record<string, number> | null)?.[pick] ?? null : metrics[key];
        expect([name, value]).toEqual([name, raw === null ? '' : String(raw)]);
        if (COUNT_METRICS.has(name)) expect([name, text]).toEqual([name, (raw as number).toLocaleString('en-US')]);
      }
      expect(Object.keys(cells)).toHaveLength(METRIC_COLUMNS.length);
    };
    expect(shown.groups.map((g) => [g.variant, g.segment])).toEqual(stats.groups.map((g: { variant: string; segment: string }) => [g.variant, g.segment]));
    shown.groups.forEach((g, i) => expectRow(g.cells, stats.groups[i]));
    expectRow(shown.total, stats.campaign);
    expect(stats.campaign).toMatchObject({ delivered: 12, clicks: 3, botClicks: 1, uniqueClicks: 3 });

    const verdict = await page.locator('#verdict').textContent();
    expect(verdict).toContain(stats.abTest.leader ? `Variant ${stats.abTest.leader}` : 'No variant leads');
    expect(verdict).toContain('Opt-out guardrail');

    const canvases = ['chart-ctr', 'chart-ttc', 'chart-timeseries', 'chart-classes', 'chart-devices', 'chart-os', 'chart-countries'];
    await page.locator('canvas[data-drawn="true"]').nth(canvases.length - 1).waitFor();
    const painted = await page.evaluate((ids) => ids.map((id) => {
      const canvas = document.getElementById(id) as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
      return [id, canvas.width > 0 && canvas.height > 0, opaque > 100];
    }), canvases);
    expect(painted).toEqual(canvases.map((id) => [id, true, true]));
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign.png'), fullPage: true });
  });

  it('fits a phone-sized screen: nothing wider than 390 px but the tables, which scroll in place', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-390px.png'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('filters the messages list and exports the stats as CSV', async () => {
    await page.locator('#m-clicked').selectOption('true');
    await page.locator('#messages form').getByRole('button', { name: 'Filter' }).click();
    await page.locator('#messages .status').filter({ hasText: '3 message(s) shown' }).waitFor();
    const clickedPhones = await page.locator('#messages-table tbody th').allTextContents();
    expect(clickedPhones.sort()).toEqual([messages[0].phone, messages[2].phone, messages[3].phone].sort());

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Stats CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const expected = await (await fetch(`${t.baseUrl}/v1/campaigns/${campaignId}/stats/export?groupBy=variant,segment`, { headers: auth })).text();
    expect(csv.split('\n')[0]).toBe(expected.split('\n')[0]);
    expect(csv.split('\n')).toHaveLength(expected.split('\n').length);
  });

  it('shows the overview with the campaign, its numbers as the API gives them, top links and filters', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const row = page.locator('#campaigns-table tbody tr').filter({ hasText: 'Winter sale' });
    await row.waitFor();
    const overview = (await getJson(t, auth, '/v1/analytics/overview')).body;
    const metrics = overview.campaigns[0].metrics;
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2, 6)).toEqual([String(metrics.sent), String(metrics.delivered), `${(metrics.ctr * 100).toFixed(1)}%`, `${(metrics.optOutRate * 100).toFixed(2)}%`]);
    await page.locator('#top-links tbody tr').first().waitFor();
    await page.locator('canvas#overview-ctr[data-drawn="true"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    await page.getByLabel('Tags (any of)').fill('no-such-tag');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#overview-results + *, .status').filter({ hasText: '0 launched campaign(s).' }).first().waitFor();
  });

  it('uploads recipients as CSV with a result per row, and looks up an opt-out by phone', async () => {
    await page.getByRole('link', { name: 'Recipients' }).click();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'recipients.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`phone,segments,first_name\n${phone(50)},vip,Ada\nnot-a-phone,vip,Bob\n${phone(51)},new|vip,Cy\n`),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('#csv-upload .status').filter({ hasText: '2 created, 0 updated, 1 rejected.' }).waitFor();
    const results = await page.locator('#import-result tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(results).toEqual([
      ['1', phone(50), 'Imported'],
      ['2', 'not-a-phone', expect.stringMatching(/^Rejected: /)],
      ['3', phone(51), 'Imported'],
    ]);

    expect((await t.sandbox.deliverInbound({ from: messages[4].phone, to: SENDER, body: 'STOP' })).status).toBe(200);
    await page.getByLabel('Phone number').fill(messages[4].phone);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#opt-out-state').filter({ hasText: `${messages[4].phone} is opted out` }).waitFor();
    await page.getByLabel('Phone number').fill(phone(50));
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#opt-out-state').filter({ hasText: `${phone(50)} is not opted out` }).waitFor();
    await page.getByLabel('Phone number').fill('+14155559999');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#opt-out-lookup .status.error').filter({ hasText: 'not found' }).waitFor();
  });

  it('saves a draft from the composer and cancels it from its page', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByLabel('Name').fill('Maybe later');
    await page.getByLabel('Sender').fill(SENDER);
    await page.getByLabel('Target segments').fill('vip');
    await page.locator('#variant-1-body').fill('Hello https://shop.example.com/');
    await page.locator('#variant-2-body').fill('Hi https://shop.example.com/');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.locator('#campaign-status').filter({ hasText: 'draft' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.locator('#campaign-status').filter({ hasText: 'cancelled' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
