/**
 * Shared by bench:redirect and bench:ingest: the fixture rows (one campaign
 * of delivered messages with one short link each), realistic click traffic,
 * the app's processes as children, CPU readings per process, and cleanup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { generateShortCodes } from '../src/modules/link/short-code.js';
import { deleteKeys } from './support.js';
import { cpuDelta, postgresCpuByPid } from './support.js';

/** Any database URL on the server to benchmark; the scratch database is created beside it. */
export const SERVER_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const SENDER = '+15005550006';

/** `--name N` or `--name=N`, a positive number. */
export function numberFlag(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const index = argv.indexOf(`--${name}`);
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number, got ${raw}`);
  return value;
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** Indented lines under a heading, as the other benchmarks print. */
export const report = (lines: string[]) => console.log(lines.map((line) => `  ${line}`).join('\n'));
export const loadAverage = () => `${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;

export interface FixtureLink {
  code: string;
  messageId: string;
  /** As written in the message (no UTM). */
  destination: string;
}

export interface ClickFixtures {
  accountId: string;
  campaignId: string;
  slug: string;
  variant: string;
  links: FixtureLink[];
}

/**
 * One account, one campaign in `sending` (slug, no UTM overrides), `count`
 * recipients with a delivered message each (receipts 1 to 60 minutes old, so
 * clicks carry no timing signal) and one link per message. Set-based SQL.
 */
export async function seedClickFixtures(db: pg.Client, count: number): Promise<ClickFixtures> {
  const slug = 'bench-clicks';
  const variant = 'A';
  const account = await db.query<{ id: string }>(`INSERT INTO accounts (name) VALUES ('Bench clicks') RETURNING id`);
  const accountId = account.rows[0].id;
  const campaign = await db.query<{ id: string }>(
    `INSERT INTO campaigns (account_id, name, slug, sender, segments, status, recipient_count, launched_at, materialised_at)
     VALUES ($1, 'Bench clicks', $2, $3, ARRAY['all'], 'sending', $4, now(), now()) RETURNING id`,
    [accountId, slug, SENDER, count],
  );
  const campaignId = campaign.rows[0].id;
  await db.query(
    `INSERT INTO recipients (account_id, phone, segments)
     SELECT $1::uuid, '+1212' || (2000000 + g)::text, ARRAY['all'] FROM generate_series(1, $2::int) AS g`,
    [accountId, count],
  );
  await db.query(
    `INSERT INTO messages (id, account_id, campaign_id, recipient_id, phone, sender, variant, segment, body, sms_segments,
                           status, sending_at, accepted_at, sent_at, delivered_at, status_updated_at)
     SELECT gen_random_uuid(), r.account_id, $2, r.id, r.phone, $3, $4, 'all',
            'Spring sale: https://sl.example/xxxxxxxx Reply STOP to opt out', 1, 'delivered',
            r.delivered - interval '3 s', r.delivered - interval '2 s', r.delivered - interval '1 s', r.delivered, r.delivered
       FROM (SELECT id, account_id, phone, now() - (60 + random() * 3540) * interval '1 s' AS delivered
               FROM recipients WHERE account_id = $1) AS r`,
    [accountId, campaignId, SENDER, variant],
  );
  const codes = new Set<string>();
  while (codes.size < count) for (const code of generateShortCodes(count - codes.size)) codes.add(code);
  const links = await db.query<FixtureLink>(
    `WITH m AS (SELECT id, row_number() OVER (ORDER BY phone) AS i FROM messages WHERE campaign_id = $1)
     INSERT INTO links (code, account_id, campaign_id, message_id, destination, position)
     SELECT c.code, $2, $1, m.id, 'https://shop.example.com/p/' || m.i || '?ref=sms', 0
       FROM unnest($3::text[]) WITH ORDINALITY AS c(code, i) JOIN m USING (i)
     RETURNING code, message_id AS "messageId", destination`,
    [campaignId, accountId, [...codes]],
  );
  if (links.rows.length !== count) throw new Error(`expected ${count} links, inserted ${links.rows.length}`);
  await db.query('ANALYZE accounts; ANALYZE campaigns; ANALYZE recipients; ANALYZE messages; ANALYZE links');
  return { accountId, campaignId, slug, variant, links: links.rows };
}

/** What phones send: mostly iPhone Safari and Android Chrome, some link previews and scripts. */
export const USER_AGENTS = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36',
  whatsappPreview: 'WhatsApp/2.24.13.78 A',
  curl: 'curl/8.5.0',
} as const;
export const ACCEPT_LANGUAGES = ['en-US,en;q=0.9', 'en-GB,en;q=0.8', 'es-US,es;q=0.9,en;q=0.8', 'fr-FR,fr;q=0.9,en;q=0.5'];

/** The n-th of many public IPv4 addresses (carrier and ISP ranges around the world; no private or reserved ranges). */
const FIRST_OCTETS = [8, 24, 31, 46, 62, 73, 77, 81, 86, 92, 98, 104, 151, 176, 185, 190, 200, 213];
export function publicIp(n: number): string {
  const first = FIRST_OCTETS[n % FIRST_OCTETS.length];
  const rest = Math.floor(n / FIRST_OCTETS.length);
  return `${first}.${(rest * 7) % 250 + 1}.${(rest * 13) % 254}.${(rest % 253) + 1}`;
}

export interface Child {
  label: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `node script` as a child process, its output prefixed with the label; `stdin` is written and closed when given. */
export function startNode(label: string, script: string, env: Record<string, string>, args: string[] = [], stdin?: string, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${label} did not start`);
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`  [${label}] ${line}`));
  if (stdin !== undefined) child.stdin?.end(stdin);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    label,
    pid: child.pid,
    process: child,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Until `url` answers at all (any status); fails when the child exits or after `timeoutMs`. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) throw new Error(`${child.label} exited (${child.process.exitCode ?? child.process.signalCode}) before answering ${url}`);
    try {
      await (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) })).arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${child.label} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Entries in the stream, and those delivered to the ingest group but not acknowledged. */
export async function streamBacklog(redis: Redis, streamKey: string): Promise<{ length: number; pending: number }> {
  const length = await redis.xlen(streamKey);
  let pending = 0;
  try {
    pending = Number(((await redis.xpending(streamKey, 'click-ingest')) as [number, ...unknown[]])[0]);
  } catch (error) {
    if (!String(error).includes('NOGROUP')) throw error;
  }
  return { length, pending };
}

/** Until the stream is empty and nothing is pending (true), or `timeoutMs` passed (false). */
export async function waitForDrain(redis: Redis, streamKey: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { length, pending } = await streamBacklog(redis, streamKey);
    if (length === 0 && pending === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}


/* CPU seconds per process, so a low figure can be told apart from a starved process on a shared machine. */

/** CPU seconds by pid (or 0 for Redis); null where it cannot be read. */
export type CpuReading = Map<number, number> | null;
export type CpuSources = Record<string, () => Promise<CpuReading>>;

export async function processCpu(pid: number): Promise<CpuReading> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return new Map([[pid, (Number(fields[11]) + Number(fields[12])) / 100]]); // utime + stime, USER_HZ ticks
  } catch {
    return null;
  }
}

export async function redisCpu(redis: Redis): Promise<CpuReading> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return new Map([[0, value('used_cpu_user') + value('used_cpu_sys')]]);
}

/** The usual sources: this process, the children, Redis, and the PostgreSQL backends of the scratch database. */
export function cpuSources(self: string, children: Child[], redis: Redis, monitor: pg.Client): CpuSources {
  const sources: CpuSources = { [self]: () => processCpu(process.pid) };
  for (const child of children) sources[child.label] = () => processCpu(child.pid);
  sources.redis = () => redisCpu(redis);
  sources.postgres = () => postgresCpuByPid(monitor);
  return sources;
}

export async function readCpu(sources: CpuSources): Promise<Record<string, CpuReading>> {
  const readings: Record<string, CpuReading> = {};
  for (const [name, read] of Object.entries(sources)) readings[name] = await read().catch(() => null);
  return readings;
}

/**
 * "app 9.1 s (91%, 95 µs/req), ..." with % of one core over `wallSeconds` and
 * CPU-µs per unit of work (`per`: how many, and what), then the total against every core.
 */
export function cpuReport(before: Record<string, CpuReading>, after: Record<string, CpuReading>, wallSeconds: number, per?: { count: number; unit: string }): string {
  let total = 0;
  const perUnit = (seconds: number) => (per && per.count > 0 ? `, ${fmt((seconds / per.count) * 1e6)} µs/${per.unit}` : '');
  const parts = Object.keys(after).map((name) => {
    const [b, a] = [before[name], after[name]];
    if (!a || !b) return `${name} n/a`;
    const seconds = cpuDelta(b, a);
    total += seconds;
    return `${name} ${seconds.toFixed(1)} s (${Math.round((seconds / wallSeconds) * 100)}%${perUnit(seconds)})`;
  });
  const share = Math.round((total / (wallSeconds * cpus().length)) * 100);
  return `${parts.join(', ')}; together ${total.toFixed(1)} CPU-s${perUnit(total)} = ${share}% of ${cpus().length} cores over ${wallSeconds.toFixed(1)} s`;
}

/** Stops the children, then removes everything the run left: the Redis prefix and the scratch database. */
export async function cleanUpRun(run: { children: Child[]; redis: Redis; prefix: string; monitor: pg.Client; dropDatabase: () => Promise<void> }): Promise<void> {
  for (const child of run.children) await child.stop();
  await deleteKeys(run.redis, `${run.prefix}:*`).catch((error: Error) => console.error(`Redis cleanup failed: ${error.message}`));
  run.redis.disconnect();
  await run.monitor.end().catch(() => undefined);
  await run.dropDatabase();
}
