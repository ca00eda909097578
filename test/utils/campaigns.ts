import { request as httpRequest } from 'node:http';
import { eventually, type TestApp } from './test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const USER_AGENTS = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36',
  samsungInternet:
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  iMessagePreview:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  whatsApp: 'WhatsApp/2.23.20.0 A',
  telegram: 'TelegramBot (like TwitterBot)',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  curl: 'curl/8.5.0',
  headlessChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
} as const;

/** POST with the account's key; JSON in, JSON out. */
export async function postJson(t: TestApp, auth: { authorization: string }, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

export async function getJson(t: TestApp, auth: { authorization: string }, path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${t.baseUrl}${path}`, { headers: auth });
  return { status: response.status, body: (await response.json()) as Json };
}

/**
 * Creates and launches a campaign over HTTP and waits until every message
 * has reached `until` (default: delivered). Returns the campaign id and its
 * messages with their links, ordered by phone.
 */
export async function launchAndWait(t: TestApp, auth: { authorization: string }, campaign: Json, until: 'delivered' | 'sent' = 'delivered') {
  const created = await postJson(t, auth, '/v1/campaigns', campaign);
  if (created.status !== 201) throw new Error(`campaign create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const launched = await postJson(t, auth, `/v1/campaigns/${id}/launch`);
  if (launched.status !== 202) throw new Error(`launch: ${launched.status} ${JSON.stringify(launched.body)}`);
  const statuses = until === 'delivered' ? ['delivered'] : ['sent', 'delivered'];
  const messages = await eventually(async () => {
    const rows = await t.prisma.message.findMany({ where: { campaignId: id }, include: { links: true }, orderBy: { phone: 'asc' } });
    return rows.length > 0 && rows.every((m) => statuses.includes(m.status)) ? rows : null;
  }, { timeoutMs: 30_000, intervalMs: 100 });
  return { id, messages: messages! };
}

export interface TapResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A tap on a short link, as a phone would make it: no redirect following, and
 * exactly the headers given (`userAgent: null` sends none at all, which
 * fetch() cannot do).
 */
export function tap(
  t: TestApp,
  code: string,
  options: { userAgent?: string | null; ip?: string; method?: string; query?: string; referrer?: string } = {},
): Promise<TapResponse> {
  const headers: Record<string, string> = { 'accept-language': 'en-US,en;q=0.9' };
  if (options.userAgent !== null) headers['user-agent'] = options.userAgent ?? USER_AGENTS.iphoneSafari;
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  if (options.referrer) headers.referer = options.referrer;
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${t.baseUrl}/${code}${options.query ?? ''}`, { method: options.method ?? 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}
