import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../bootstrap.js';
import { AppConfig, loadConfig } from '../config/app-config.js';
import { AccountService } from '../modules/account/account.service.js';
import { applyPendingMigrations, ensureDatabaseExists } from '../prisma/migrations.js';
import { startSandbox } from '../sandbox/sandbox-server.js';
import { createAccountFromCli } from './account-create.js';
import { campaignCount, countByStatus, DEMO_SEGMENTS, DEMO_SENDER, demoCsv, FINAL_STATUSES, shortCodesIn, twimlMessage, VARIANTS } from './demo-data.js';
import { DemoSandbox, httpJson, localSandbox, remoteSandbox, SandboxMessageView } from './demo-sandbox.js';

/**
 * `npm run demo [-- --exit]`: one campaign end to end through the public API.
 * In-process mode (default): migrates the local database, starts the Twilio
 * sandbox and the app (HTTP + workers) on free ports, and keeps them running
 * until Ctrl+C. Compose mode (DEMO_API_URL and DEMO_SANDBOX_URL set): talks to
 * the running api and sandbox over HTTP and creates the account through a Nest
 * context, the only step the API does not offer.
 */

export type Json = Record<string, unknown>;

function apiClient(baseUrl: string, apiKey: string) {
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    get: (path: string) => httpJson('GET', `${baseUrl}${path}`, undefined, auth) as Promise<Json>,
    post: (path: string, body: unknown) => httpJson('POST', `${baseUrl}${path}`, JSON.stringify(body), auth) as Promise<Json>,
    postCsv: (path: string, csv: string) =>
      httpJson('POST', `${baseUrl}${path}`, csv, { ...auth, 'content-type': 'text/csv' }) as Promise<Json>,
  };
}

async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const print = (line = '') => void process.stdout.write(`${line}\n`);

/** The app (HTTP + workers) on a free port, its public URLs pointing at itself, its Twilio at the sandbox. */
async function startLocalApp(sandbox: DemoSandbox, env: NodeJS.ProcessEnv): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, APP_ROLE: 'all', TWILIO_API_BASE_URL: sandbox.url });
  await ensureDatabaseExists(config.DATABASE_URL);
  await applyPendingMigrations(config.DATABASE_URL);
  const app = await createHttpApp(config);
  await app.listen({ port: Number(env.DEMO_PORT || 0), host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const live = app.get(AppConfig); // read at use time, so fixing it after listen is enough
  live.PUBLIC_BASE_URL = baseUrl;
  if (!env.SHORT_LINK_BASE_URL) live.SHORT_LINK_BASE_URL = baseUrl;
  await sandbox.setInboundWebhookUrl(`${baseUrl}/webhooks/twilio/inbound`);
  return { app, baseUrl };
}

export interface DemoTarget {
  apiUrl: string;
  /** How a person on this machine reaches the API (differs from apiUrl inside docker compose). */
  publicUrl: string;
  shortLinkBase: string;
  sandbox: DemoSandbox;
  createAccount(name: string): Promise<{ accountId: string; apiKey: string }>;
  close(): Promise<void>;
}

async function prepareTarget(env: NodeJS.ProcessEnv): Promise<DemoTarget> {
  const sandbox = env.DEMO_SANDBOX_URL
    ? remoteSandbox(env.DEMO_SANDBOX_URL.replace(/\/+$/, ''))
    : localSandbox(await startSandbox({ port: 0, sentDelayMs: [50, 300], finalDelayMs: [100, 1000] }));
  if (env.DEMO_API_URL) {
    const config = loadConfig(env);
    return {
      apiUrl: env.DEMO_API_URL.replace(/\/+$/, ''),
      publicUrl: env.DEMO_PUBLIC_URL || config.SHORT_LINK_BASE_URL,
      shortLinkBase: config.SHORT_LINK_BASE_URL,
      sandbox,
      createAccount: (name) => createAccountFromCli(['--name', name, '--country', 'US'], config),
      close: () => sandbox.close(),
    };
  }
  const { app, baseUrl } = await startLocalApp(sandbox, env);
  return {
    apiUrl: baseUrl,
    publicUrl: baseUrl,
    shortLinkBase: app.get(AppConfig).SHORT_LINK_BASE_URL,
    sandbox,
    createAccount: (name) => app.get(AccountService).createAccount({ name, defaultCountry: 'US' }),
    close: async () => {
      await app.close();
      await sandbox.close();
    },
  };
}

export interface DemoSummary {
  apiKey: string;
  campaignId: string;
  /** GET /v1/campaigns/{id} once receipts arrived. */
  campaign: Json;
  /** What the sandbox received for this campaign. */
  messages: SandboxMessageView[];
  stoppedPhone: string;
  optedOutAfterStop: boolean;
}

type Api = ReturnType<typeof apiClient>;

/** Creates the two-variant campaign after previewing it, launches it, and returns its id. */
async function launchDemoCampaign(api: Api, say: (line?: string) => void): Promise<string> {
  const body = { name: 'Spring sale (demo)', from: DEMO_SENDER, segments: DEMO_SEGMENTS, variants: VARIANTS, utm: { campaign: 'spring-demo' } };
  const preview = await api.post('/v1/campaigns/preview', body);
  for (const variant of (preview.variants ?? []) as Json[]) {
    say(`Preview ${variant.key}: ${variant.encoding}, ${variant.segments} segment(s): ${variant.body}`);
  }
  const campaignId = String((await api.post('/v1/campaigns', body)).id);
  await api.post(`/v1/campaigns/${campaignId}/launch`, {});
  return campaignId;
}

/**
 * Waits until the launch created a message per phone, the sandbox received every
 * message that was not suppressed and sent its final receipt, and the app
 * recorded those receipts. `earlier` are sandbox sids from before the launch.
 */
async function waitForDelivery(api: Api, sandbox: DemoSandbox, campaignId: string, phones: string[], earlier: Set<string>) {
  const ourPhones = new Set(phones);
  const materialised = await poll('the launch to create every message', async () => {
    const current = await api.get(`/v1/campaigns/${campaignId}`);
    return campaignCount(current, 'recipients') === phones.length ? current : undefined;
  });
  const expected = phones.length - (campaignCount(materialised, 'suppressed') ?? 0);
  const messages = await poll('every send and receipt', async () => {
    const seen = (await sandbox.messages()).filter((m) => !earlier.has(m.sid) && ourPhones.has(m.to));
    return seen.length >= expected && seen.every((m) => FINAL_STATUSES.has(m.status)) ? seen : undefined;
  });
  const delivered = messages.filter((m) => m.status === 'delivered').length;
  const campaign = await poll('the receipts to reach the app', async () => {
    const current = await api.get(`/v1/campaigns/${campaignId}`);
    return (campaignCount(current, 'delivered') ?? delivered) >= delivered ? current : undefined;
  }, 30_000);
  return { messages, campaign };
}

/** Redirects and stats come in later releases than sending: probe them, so the summary shows only what works. */
async function probeExtras(target: DemoTarget, apiKey: string, campaignId: string, body: string) {
  const [code] = shortCodesIn(body, target.shortLinkBase);
  const click = code ? await fetch(`${target.apiUrl}/${code}`, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone) demo' } }) : undefined;
  const redirect = click && click.status >= 300 && click.status < 400 ? { code, status: click.status, location: click.headers.get('location') ?? '' } : undefined;
  const statsPath = `/v1/campaigns/${campaignId}/stats?groupBy=variant`;
  const stats = await fetch(`${target.apiUrl}${statsPath}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const abSummary = stats.ok ? ((await stats.json()) as { abTest?: { summary?: string } }).abTest?.summary : undefined;
  return { redirect, statsPath: stats.ok ? statsPath : undefined, abSummary };
}

/** The demo proper: account, recipients, preview, launch, receipts, a STOP, a click; then the summary. */
export async function runDemo(target: DemoTarget, recipientCount: number, say: (line?: string) => void = print): Promise<DemoSummary> {
  const { accountId, apiKey } = await target.createAccount(`Demo ${new Date().toISOString()}`);
  const api = apiClient(target.apiUrl, apiKey);

  const { csv, phones } = demoCsv(recipientCount);
  const imported = await api.postCsv('/v1/recipients/import', csv);
  say(`Imported ${phones.length} recipients in segments ${DEMO_SEGMENTS.join(' and ')}: ${JSON.stringify(imported)}`);

  // Messages the sandbox already holds (earlier demo runs reach the same phones) are not this campaign's.
  const earlier = new Set((await target.sandbox.messages()).map((m) => m.sid));
  const campaignId = await launchDemoCampaign(api, say);
  say(`Launched campaign ${campaignId}; waiting for the sandbox to receive every message and its receipt...`);
  const { messages, campaign } = await waitForDelivery(api, target.sandbox, campaignId, phones, earlier);

  const stopper = messages.find((m) => m.status === 'delivered') ?? messages[0];
  const stop = await target.sandbox.deliverInbound({ from: stopper.to, to: stopper.from ?? DEMO_SENDER, body: 'STOP' });
  const recipient = await api.get(`/v1/recipients/${encodeURIComponent(stopper.to)}`);
  const { redirect, statsPath, abSummary } = await probeExtras(target, apiKey, campaignId, messages[0].body);

  const base = target.publicUrl;
  const auth = '-H "Authorization: Bearer $API_KEY"';
  say();
  say('================ SMS Links demo ================');
  say(`API key     ${apiKey}`);
  say(`Account     ${accountId}`);
  say(`Campaign    ${campaignId} (${String(campaign.status)})`);
  say(`Counts      ${JSON.stringify(campaign.counts ?? campaign)}`);
  say(`Sandbox     ${messages.length} messages received: ${JSON.stringify(countByStatus(messages))}`);
  say('Rendered bodies (one short link per recipient):');
  for (const m of messages.slice(0, 3)) say(`  ${m.to}  ${m.body}`);
  say(`STOP        from ${stopper.to}: webhook answered ${stop.status}, reply "${twimlMessage(stop.body)}"`);
  say(`            recipient optedOut=${String(recipient.optedOut)}`);
  if (redirect) say(`Click       /${redirect.code} -> ${redirect.status} ${redirect.location}`);
  if (abSummary) say(`A/B         ${abSummary}`);
  say();
  say('Try it:');
  say(`  export API_KEY=${apiKey}`);
  say(`  curl -s ${auth} ${base}/v1/campaigns/${campaignId}`);
  if (statsPath) say(`  curl -s ${auth} "${base}${statsPath}"`);
  if (redirect && statsPath) {
    say(`  curl -s ${auth} -H 'content-type: application/json' -d '{"code":"${redirect.code}","name":"purchase","value":25}' ${base}/v1/conversions`);
  }
  say(`  curl -s ${auth} ${base}/v1/recipients/${encodeURIComponent(stopper.to)}`);
  if (redirect) say(`  curl -si ${target.shortLinkBase.replace(/\/+$/, '')}/${redirect.code}`);
  say(`  curl -s ${base}/health ; curl -s ${base}/metrics | grep smslinks_`);
  say(`  open ${base}/docs`);
  say('=================================================');
  return { apiKey, campaignId, campaign, messages, stoppedPhone: stopper.to, optedOutAfterStop: recipient.optedOut === true };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { exit: { type: 'boolean', default: false }, recipients: { type: 'string' } } });
  const count = Number(values.recipients || process.env.DEMO_RECIPIENTS || 50);
  const target = await prepareTarget(process.env);
  try {
    await runDemo(target, count);
  } catch (error) {
    await target.close().catch(() => undefined);
    throw error;
  }
  const inProcess = !process.env.DEMO_API_URL;
  if (values.exit || !inProcess) {
    await target.close();
    process.exit(0);
  }
  print(`App running at ${target.apiUrl} (sandbox ${target.sandbox.url}). Ctrl+C to stop.`);
  const stop = () => void target.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
