/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { settingsSummary } from '../../dashboard/src/format.js';
import type { AccountSettings } from '../../dashboard/src/types.js';
import { attributionSentence, holdoutIntro, liftSentence, type Holdout } from '../../dashboard/src/holdout-words.js';
import { getJson, postJson } from '../utils/campaigns.js';
import { buildDashboard, openDashboardPage, SCREENSHOTS, signIn } from '../utils/dashboard-browser.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * The dashboard's audience tools in Chromium against the real app: a
 * campaign with a holdout and its own attribution window composed in the
 * browser, conversions reported by phone for held-out and treated
 * recipients, the Holdout panel against GET /stats, an engagement segment
 * defined from a template and previewed, and the account settings. Every
 * wait is for a condition, never for a time.
 */
const SENDER = '+15005550006';
const AUDIENCE = 100;
const phone = (n: number) => `+1415777${String(n).padStart(4, '0')}`;

describe('dashboard audiences, holdouts and settings in a browser (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let apiKey: string;
  let browser: Browser;
  let page: Page;
  let campaignId: string;
  let treated: { id: string; phone: string; links: { code: string }[] }[];
  let segmentKey: string;
  let pageErrors: string[];
  /** The 400s the suite provokes on purpose, to see the API's words next to the field. */
  const expectedErrors = [/\/v1\/campaigns 400$/, /\/v1\/segments 400$/, /\/v1\/account\/settings 400$/];
  let dashboard: ReturnType<typeof buildDashboard> | undefined;

  beforeAll(async () => {
    dashboard = buildDashboard('dashboard-audiences');
    t = await createTestApp('dashboard_audiences', { DASHBOARD_DIR: dashboard.dir });
    const account = await t.createAccount('Audiences');
    ({ auth, apiKey } = account);
    await t.prisma.recipient.createMany({
      data: Array.from({ length: AUDIENCE }, (_, i) => ({ accountId: account.accountId, phone: phone(i), externalId: `c-${i}`, segments: ['spring'] })),
    });
    ({ browser, page, problems: pageErrors } = await openDashboardPage(expectedErrors));
    await signIn(page, t.baseUrl, apiKey);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    dashboard?.remove();
  });

  it('composes a campaign with a holdout, an attribution window and no quiet hours, showing the API\'s words next to a bad field', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.locator('#segment-suggestions').filter({ hasText: 'No engagement segment defined yet' }).waitFor();
    await page.locator('#account-quiet-hours').filter({ hasText: 'the account has none now' }).waitFor();
    expect(await page.locator('#holdout-percent').inputValue()).toBe('0');
    expect(await page.locator('#attribution-window').inputValue()).toBe('168');
    expect(await page.locator('#quiet-account').isChecked()).toBe(true);

    await page.getByLabel('Name', { exact: true }).fill('Spring holdout');
    await page.getByLabel('Sender').fill(SENDER);
    await page.getByLabel('Target segments').fill('spring');
    await page.locator('#variant-1-body').fill('Spring sale: 20% off at https://shop.example.com/spring');
    await page.locator('#variant-2-body').fill('Spring is here, 20% off: https://shop.example.com/spring');
    await page.getByLabel('Holdout (% of the audience)').fill('60');
    await page.getByLabel('Attribution window (hours)').fill('48');
    await page.getByLabel('No quiet hours (send at any time)').check();

    await page.getByRole('button', { name: 'Save as draft' }).click();
    const holdoutError = page.locator('#holdout-percent-error');
    await holdoutError.filter({ hasText: 'holdoutPercent' }).waitFor();
    const refused = await postJson(t, auth, '/v1/campaigns', {
      name: 'x', from: SENDER, segments: ['spring'], variants: [{ key: 'A', body: 'Hi https://shop.example.com/' }], holdoutPercent: 60,
    });
    expect(refused.status).toBe(400);
    const problem = refused.body.errors.find((p: { field: string }) => p.field === 'holdoutPercent');
    expect(await holdoutError.textContent()).toBe(`${problem.field}: ${problem.problem}`);
    expect(await page.locator('#attribution-window-error').textContent()).toBe('');

    await page.getByLabel('Holdout (% of the audience)').fill('10');
    await page.getByRole('button', { name: 'Save and launch' }).click();
    await page.waitForURL(/#\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = /campaigns\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const campaign = (await eventually(async () => {
      const view = (await getJson(t, auth, `/v1/campaigns/${campaignId}`)).body;
      return view.holdoutCount !== null && view.statusCounts.delivered === AUDIENCE - view.holdoutCount ? view : null;
    }, { timeoutMs: 60_000 }))!;
    expect(campaign).toMatchObject({ holdoutPercent: 10, attributionWindowHours: 48, quietHours: null, inheritsAccountQuietHours: false, segments: ['spring'] });
    expect(campaign.holdoutCount).toBeGreaterThanOrEqual(2);
    treated = await t.prisma.message.findMany({ where: { campaignId }, select: { id: true, phone: true, links: { select: { code: true } } }, orderBy: { phone: 'asc' } });
    expect(treated).toHaveLength(AUDIENCE - campaign.holdoutCount);
  });

  it('shows the holdout lift in words and numbers equal to GET /stats, and the attribution window', async () => {
    const heldOut = await t.prisma.holdoutMember.findMany({ where: { campaignId }, select: { phone: true }, orderBy: { phone: 'asc' } });
    // One held-out recipient buys anyway, and a third of those who got the message: the kind of lift the screenshot shows.
    for (const [i, member] of heldOut.slice(0, 1).entries()) {
      const response = await postJson(t, auth, '/v1/conversions', { phone: member.phone, name: 'purchase', value: 20 + i * 10 });
      expect(response.body).toMatchObject({ campaignId, holdout: true, attributed: true });
    }
    for (const message of treated.slice(0, 30)) {
      const response = await postJson(t, auth, '/v1/conversions', { phone: message.phone, name: 'purchase', value: 50 });
      expect(response.body).toMatchObject({ campaignId, messageId: message.id, holdout: false, attributed: true });
    }

    // One more, by code, after its message's 48-hour window closed: stored, counted only as outside the window.
    const late = treated[40];
    await t.prisma.message.update({ where: { id: late.id }, data: { acceptedAt: new Date(Date.now() - 49 * 3600_000) } });
    expect((await postJson(t, auth, '/v1/conversions', { code: late.links[0].code, name: 'purchase', value: 99 })).body).toMatchObject({ messageId: late.id, attributed: false });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(() => document.querySelector('#holdout-table tr[data-group="holdout"] [data-metric="converters"]')?.getAttribute('data-value') === '1');
    const stats = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats?groupBy=variant,segment`)).body;
    const holdout = stats.holdout as Holdout;
    expect(holdout.converters).toBe(1);
    expect(holdout.variants.reduce((n, v) => n + v.converters, 0)).toBe(30);

    const shown = await page.locator('#holdout-table tbody').evaluate((body) => [...body.querySelectorAll('tr')].map((tr) => ({
      group: tr.getAttribute('data-group'), variant: tr.getAttribute('data-variant'),
      cells: Object.fromEntries([...tr.querySelectorAll('td[data-metric]')].map((td) => [td.getAttribute('data-metric'), td.getAttribute('data-value')])),
    })));
    const raw = (value: unknown) => (value === null ? '' : String(value));
    const pick = (source: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, raw(source[k])]));
    const common = ['recipients', 'converters', 'conversionRate', 'revenuePerRecipient'];
    const perVariant = [...common, 'lift', 'pValue', 'significant', 'incrementalConverters', 'incrementalRevenue'];
    expect(shown).toEqual([
      { group: 'holdout', variant: null, cells: pick(holdout as unknown as Record<string, unknown>, common) },
      ...holdout.variants.map((v) => ({ group: 'variant', variant: v.variant, cells: pick(v as unknown as Record<string, unknown>, perVariant) })),
    ]);
    expect(await page.locator('#holdout-intro').textContent()).toBe(holdoutIntro(holdout, stats.currency));
    expect(await page.locator('#holdout-sentences li').allTextContents()).toEqual(holdout.variants.map((v) => liftSentence(v, holdout, stats.currency)));
    expect(await page.locator('#holdout-sentences li').first().textContent()).toMatch(/^Variant A converted \d+\.\d% vs \d+\.\d% of the held-out \d+ recipients: [+−]/);

    expect(stats.attribution).toEqual({ windowHours: 48, unattributedConversions: 1 });
    expect(await page.locator('#attribution').textContent()).toBe(attributionSentence(stats.attribution));
    expect(await page.locator('#attribution').textContent()).toContain('1 conversion fell outside it');
    expect(await page.locator('#stats-table tfoot [data-metric="frequencyCapped"]').getAttribute('data-value')).toBe(String(stats.campaign.frequencyCapped));
    expect(await page.locator('#stats-table thead').textContent()).toContain('Frequency capped');
    expect(await page.locator('#m-status option[value="skipped"]').count()).toBe(1);

    // From the page title to the end of the Holdout panel, in page coordinates.
    const clip = await page.evaluate(() => {
      const top = document.querySelector('#main h1')!.getBoundingClientRect().top + window.scrollY;
      const bottom = document.querySelector('#holdout')!.getBoundingClientRect().bottom + window.scrollY;
      return { x: 0, y: Math.max(0, top - 16), width: document.documentElement.clientWidth, height: bottom - top + 32 };
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-holdout.png'), fullPage: true, clip });
  });

  it('defines an engagement segment from a template, shows the API\'s error at the rule path, and previews it as the API does', async () => {
    await page.getByRole('link', { name: 'Audiences' }).click();
    await page.getByRole('heading', { name: 'Audiences', level: 1 }).waitFor();
    await page.locator('#segments-table td.empty').waitFor();
    await page.locator(`#template-campaign option[value="${campaignId}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Campaign', { exact: true }).selectOption(campaignId);
    await page.getByRole('button', { name: 'Delivered but not clicked' }).click();
    segmentKey = await page.getByLabel('Key', { exact: true }).inputValue();
    expect(segmentKey).toBe('spring-holdout-not-clicked');
    expect(JSON.parse(await page.locator('#segment-rule').inputValue())).toEqual({ deliveredNotClicked: { campaignId } });

    // A variant the campaign does not have: the API's 400 names the path, shown verbatim next to the rule.
    const wrong = { deliveredNotClicked: { campaignId, variant: 'Z' } };
    await page.locator('#segment-rule').fill(JSON.stringify(wrong));
    await page.getByRole('button', { name: 'Create segment' }).click();
    const refused = await postJson(t, auth, '/v1/segments', { key: segmentKey, rule: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^rule\.deliveredNotClicked\.variant: /);
    await page.locator('#segment-rule-error').filter({ hasText: refused.body.message }).waitFor();
    expect(await page.locator('#segment-rule-error').textContent()).toBe(refused.body.message);

    await page.getByRole('button', { name: 'Delivered but not clicked' }).click();
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.locator('#segments-table tbody th').filter({ hasText: segmentKey }).waitFor();
    await page.locator('#preview-size').waitFor();
    const preview = (await getJson(t, auth, `/v1/segments/${segmentKey}/preview?sample=20`)).body;
    expect(preview).toMatchObject({ kind: 'rule', size: treated.length });
    expect(await page.locator('#preview-size').getAttribute('data-size')).toBe(String(preview.size));
    expect(await page.locator('#segment-preview tbody th').allTextContents()).toEqual(preview.sample.map((r: { phone: string }) => r.phone));
    expect(await page.locator('#segment-rule-error').textContent()).toBe('');

    // Replace: the same key saves with PUT.
    await page.getByLabel('Name', { exact: true }).fill('Got the spring sale, no click');
    await page.getByRole('button', { name: 'Replace segment' }).click();
    await page.locator('#segments-table tbody tr').filter({ hasText: 'Got the spring sale, no click' }).waitFor();
    expect((await getJson(t, auth, `/v1/segments/${segmentKey}`)).body).toMatchObject({ name: 'Got the spring sale, no click', rule: { deliveredNotClicked: { campaignId } } });
    await page.screenshot({ path: join(SCREENSHOTS, 'audiences.png'), fullPage: true });

    // Another from the "converted since" template, then deleted from the list.
    await page.getByLabel('Since (date)').fill('2026-01-01');
    await page.getByRole('button', { name: 'Converted since a date' }).click();
    const convertedKey = await page.getByLabel('Key', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.locator('#segments-table tbody th').filter({ hasText: convertedKey }).waitFor();
    await page.locator('#preview-size[data-kind="rule"]').filter({ hasText: convertedKey }).waitFor();
    const converted = (await getJson(t, auth, `/v1/segments/${convertedKey}/preview?sample=0`)).body;
    expect(converted.size).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#preview-size').getAttribute('data-size')).toBe(String(converted.size));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Delete ${convertedKey}` }).click();
    await page.locator('#segments-list').getByText(convertedKey).waitFor({ state: 'detached' });
    expect((await getJson(t, auth, '/v1/segments')).body.map((s: { key: string }) => s.key)).toEqual([segmentKey]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('suggests the defined segments in the composer, which fits 390 px', async () => {
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    const chip = page.locator(`#segment-suggestions button[data-segment-key="${segmentKey}"]`);
    await chip.waitFor();
    await page.getByLabel('Target segments').fill('vip');
    await chip.click();
    expect(await page.getByLabel('Target segments').inputValue()).toBe(`vip, ${segmentKey}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows and saves the frequency caps and quiet hours, with the API\'s words for a bad cap', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const before = (await getJson(t, auth, '/v1/account/settings')).body as AccountSettings;
    await page.locator('#settings-current').filter({ hasText: settingsSummary(before) }).waitFor();
    expect(await page.getByLabel('Messages per recipient in any 24 hours').inputValue()).toBe(String(before.frequencyCap.per24Hours ?? ''));

    await page.getByLabel('Messages per recipient in any 24 hours').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#cap-24h-error').filter({ hasText: 'frequencyCap.per24Hours' }).waitFor();
    const refused = await fetch(`${t.baseUrl}/v1/account/settings`, {
      method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ frequencyCap: { per24Hours: 0 } }),
    });
    const problem = ((await refused.json()) as { errors: { field: string; problem: string }[] }).errors[0];
    expect(await page.locator('#cap-24h-error').textContent()).toBe(`${problem.field}: ${problem.problem}`);

    await page.getByLabel('Messages per recipient in any 24 hours').fill('5');
    await page.getByLabel('Messages per recipient in any 7 days').fill('12');
    await page.getByLabel('From', { exact: true }).fill('09:00');
    await page.getByLabel("until (recipient's time)").fill('20:00');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#settings-form .status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await getJson(t, auth, '/v1/account/settings')).body as AccountSettings;
    expect(saved).toEqual({ frequencyCap: { per24Hours: 5, per7Days: 12 }, quietHours: { start: '09:00', end: '20:00' } });
    expect(await page.locator('#settings-current').textContent()).toBe(`Now: ${settingsSummary(saved)}`);
    expect(await page.locator('#cap-24h-error').textContent()).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: true });

    // Empty turns a cap off; "No quiet hours" sends null.
    await page.getByLabel('Messages per recipient in any 7 days').fill('');
    await page.getByLabel('No quiet hours').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#settings-current').filter({ hasText: 'no 7-day cap; no quiet hours' }).waitFor();
    expect((await getJson(t, auth, '/v1/account/settings')).body).toEqual({ frequencyCap: { per24Hours: 5, per7Days: null }, quietHours: null });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
    expect(pageErrors).toEqual([]);
  });
});
