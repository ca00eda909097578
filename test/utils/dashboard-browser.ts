import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run when missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Where the browser suites leave their screenshots (copies of some are committed under docs/screenshots). */
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

/**
 * Headless without a sandbox (CI runs as root), and nothing that phones home:
 * this machine has no network, and Chromium's background fetches would each
 * fail at every start.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** A fresh build of the dashboard's sources in a temporary folder (whatever dist/ holds), for DASHBOARD_DIR. */
export function buildDashboard(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  execFileSync(process.execPath, ['dashboard/build.mjs', dir], { stdio: 'ignore' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DashboardPage {
  browser: Browser;
  page: Page;
  /**
   * Everything that went wrong in the page: uncaught errors, console errors,
   * and error answers other than `expectedErrors` (matched against "url status").
   */
  problems: string[];
}

export async function openDashboardPage(expectedErrors: RegExp[], options: BrowserContextOptions = {}): Promise<DashboardPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    const seen = `${response.url()} ${response.status()}`;
    if (response.status() >= 400 && !expectedErrors.some((e) => e.test(seen))) problems.push(`response: ${seen}`);
  });
  page.on('console', (message) => {
    // Chromium logs every error answer as a failed resource: those are checked above, by URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { browser, page, problems };
}

/** Signs in on the dashboard with the key and waits for the overview. */
export async function signIn(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}
