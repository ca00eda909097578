/**
 * Launch benchmark: materialises campaigns of 100k and 1M recipients with the
 * real LaunchService (messages + links + send jobs) and, in the same run, a
 * raw COPY baseline writing the same message and link rows into
 * unindexed tables. Prints recipients/s for both and the ratio.
 *
 *   npm run build && npm run bench:launch -- --sizes 100000,1000000
 *
 * Uses a scratch database (created, migrated, dropped) and a scratch Redis
 * prefix (removed). Runs as APP_ROLE=api: no send worker, so nothing is sent;
 * the send jobs are counted in the queue instead.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createWorkerContext } from '../src/bootstrap.js';
import { AppConfig, loadConfig } from '../src/config/app-config.js';
import { AccountService } from '../src/modules/account/account.service.js';
import { CampaignService } from '../src/modules/campaign/campaign.service.js';
import { LaunchService } from '../src/modules/campaign/launch/launch.service.js';
import { cpuDelta, createScratchDatabase, deleteKeys, postgresCpuByPid, runBenchmark } from './support.js';
import { Queues } from '../src/queue/queues.js';
import { RedisService } from '../src/queue/redis.service.js';

const SENDER = '+15005550006';
const OPTED_OUT_SHARE = 0.01;

function parseSizes(argv: string[]): number[] {
  const index = argv.indexOf('--sizes');
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
  const sizes = (raw ?? '100000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes wants positive integers, got ${raw}`);
  return sizes;
}

async function deleteKeysAt(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    await deleteKeys(redis, pattern);
  } finally {
    redis.disconnect();
  }
}

/** Redis's own CPU counters (INFO cpu), so a busy shared machine can be told apart from a slow launch. */
async function redisCpuSeconds(redis: RedisService): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return value('used_cpu_user') + value('used_cpu_sys');
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface Row {
  size: number;
  launchSeconds: number;
  /** CPU seconds this process (planning, SQL parameters, BullMQ client) and Redis spent during the launch. */
  nodeCpuSeconds: number;
  redisCpuSeconds: number;
  /** CPU of the PostgreSQL backends serving the scratch database (read from /proc; null where unavailable). */
  postgresCpuSeconds: number | null;
  messages: number;
  links: number;
  jobs: number;
  baselineSeconds: number;
}

/** Recipients in bulk with generate_series; ~1% opted out of the sender. */
async function seedAudience(db: pg.Client, accountId: string, segment: string, size: number, offset: number): Promise<void> {
  await db.query(
    `INSERT INTO recipients (account_id, phone, segments)
     SELECT $1::uuid, '+1' || (2000000000 + $4::bigint + g)::text, ARRAY[$2, 'all']
       FROM generate_series(1, $3::int) AS g`,
    [accountId, segment, size, offset],
  );
  await db.query(
    `INSERT INTO opt_outs (sender, phone, opted_out, changed_at)
     SELECT $1, '+1' || (2000000000 + $3::bigint + g)::text, true, now()
       FROM generate_series(1, $2::int) AS g WHERE g % $4::int = 0`,
    [SENDER, size, offset, Math.round(1 / OPTED_OUT_SHARE)],
  );
  await db.query('ANALYZE recipients; ANALYZE opt_outs');
}

/**
 * Baseline: the fastest plain SQL writing the same rows (one message with a
 * rendered body and one link per recipient) into unindexed copies of the
 * tables, computed entirely inside PostgreSQL (no round trips, no Redis).
 */
/**
 * The baseline: the same message and link rows (ids, rendered bodies, codes)
 * built in Node from the same audience and streamed with a raw COPY into
 * unindexed copies of the tables. No variant/segment rules, no suppression
 * check, no collision handling, no queue: the floor a launch cannot beat.
 */
async function baseline(db: pg.Client, accountId: string, campaignId: string, segment: string): Promise<number> {
  await db.query('DROP TABLE IF EXISTS bench_messages_copy, bench_links_copy');
  await db.query('CREATE TABLE bench_messages_copy (LIKE messages INCLUDING DEFAULTS)');
  await db.query('CREATE TABLE bench_links_copy (LIKE links INCLUDING DEFAULTS)');
  const started = process.hrtime.bigint();
  const { rows } = await db.query<{ id: string; phone: string }>(
    'SELECT id, phone FROM recipients WHERE account_id = $1::uuid AND segments && ARRAY[$2] ORDER BY phone',
    [accountId, segment],
  );
  const messages: string[] = [];
  const links: string[] = [];
  for (const recipient of rows) {
    const messageId = randomUUID();
    const code = randomBytes(6).toString('base64url');
    const body = `Spring sale: https://sl.example/${code} Reply STOP to opt out`;
    messages.push([messageId, accountId, campaignId, recipient.id, recipient.phone, SENDER, 'A', segment, body, 1, 'queued'].join('\t'));
    links.push([code, accountId, campaignId, messageId, 'https://shop.example.com/spring', 0].join('\t'));
  }
  await db.query('BEGIN');
  await copyRows(db, 'bench_messages_copy (id, account_id, campaign_id, recipient_id, phone, sender, variant, segment, body, sms_segments, status)', messages);
  await copyRows(db, 'bench_links_copy (code, account_id, campaign_id, message_id, destination, position)', links);
  await db.query('COMMIT');
  const elapsed = seconds(started);
  await db.query('DROP TABLE bench_messages_copy, bench_links_copy');
  return elapsed;
}

/** COPY ... FROM STDIN in text format, 10k lines per write. */
async function copyRows(db: pg.Client, target: string, lines: string[]): Promise<void> {
  const stream = db.query(copyFrom(`COPY ${target} FROM STDIN`));
  const batches = (function* () {
    for (let i = 0; i < lines.length; i += 10_000) yield `${lines.slice(i, i + 10_000).join('\n')}\n`;
  })();
  await pipeline(Readable.from(batches), stream);
}

async function runSize(app: INestApplicationContext, db: pg.Client, size: number, offset: number): Promise<Row> {
  const { accountId } = await app.get(AccountService).createAccount({ name: `Bench ${size}`, defaultCountry: 'US' });
  const account = { accountId, defaultCountry: 'US', timezone: 'UTC' };
  const segment = `bench_${size}`;
  await seedAudience(db, accountId, segment, size, offset);

  const campaigns = app.get(CampaignService);
  const campaign = await campaigns.create(account, {
    name: `Bench ${size}`,
    from: SENDER,
    segments: [segment],
    variants: [
      { key: 'A', body: 'Spring sale: https://shop.example.com/spring?ref=sms Reply STOP to opt out', weight: 1 },
      { key: 'B', body: 'Last days! 20% off at https://shop.example.com/sale. Reply STOP to opt out', weight: 1 },
    ],
  });
  await campaigns.launch(account, campaign.id);

  const sendQueue = app.get<Queue>(getQueueToken(Queues.send), { strict: false });
  const jobsBefore = await sendQueue.count();
  const redis = app.get(RedisService);
  const redisCpuBefore = await redisCpuSeconds(redis);
  const pgCpuBefore = await postgresCpuByPid(db);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await app.get(LaunchService).materialise(campaign.id);
  const launchSeconds = seconds(started);
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const redisCpu = (await redisCpuSeconds(redis)) - redisCpuBefore;
  const pgCpuAfter = await postgresCpuByPid(db);
  const jobs = (await sendQueue.count()) - jobsBefore;
  if (result.outcome !== 'materialised') throw new Error(`launch did not materialise: ${JSON.stringify(result)}`);

  const { rows } = await db.query<{ messages: number; links: number }>(
    `SELECT (SELECT count(*)::int FROM messages WHERE campaign_id = $1) AS messages,
            (SELECT count(*)::int FROM links WHERE campaign_id = $1) AS links`,
    [campaign.id],
  );
  const baselineSeconds = await baseline(db, accountId, campaign.id, segment);
  // Keep Redis small between sizes: the jobs were counted, the next size starts empty.
  await sendQueue.obliterate({ force: true });
  const postgresCpu = pgCpuAfter === null || pgCpuBefore === null ? null : cpuDelta(pgCpuBefore, pgCpuAfter);
  return { size, launchSeconds, nodeCpuSeconds, redisCpuSeconds: redisCpu, postgresCpuSeconds: postgresCpu, messages: rows[0].messages, links: rows[0].links, jobs, baselineSeconds };
}

function report(row: Row): void {
  const launchRate = row.size / row.launchSeconds;
  const baselineRate = row.size / row.baselineSeconds;
  console.log(
    [
      `recipients=${fmt(row.size)}`,
      `launch: ${row.launchSeconds.toFixed(2)} s = ${fmt(launchRate)} recipients/s (messages ${fmt(row.messages)}, links ${fmt(row.links)}, send jobs ${fmt(row.jobs)})`,
      `CPU during launch: node ${row.nodeCpuSeconds.toFixed(1)} s, redis ${row.redisCpuSeconds.toFixed(1)} s, postgres ${row.postgresCpuSeconds?.toFixed(1) ?? 'n/a'} s ` +
        `(${fmt(((row.nodeCpuSeconds + row.redisCpuSeconds + (row.postgresCpuSeconds ?? 0)) / row.size) * 1e6)} CPU-µs per recipient on ${os.cpus().length} cores)`,
      `baseline raw COPY of the same rows: ${row.baselineSeconds.toFixed(2)} s = ${fmt(baselineRate)} rows/s`,
      `ratio launch/baseline time: ${(row.launchSeconds / row.baselineSeconds).toFixed(2)}x`,
      `target >= 20,000 recipients/s: ${launchRate >= 20_000 ? 'met' : 'NOT met'}`,
    ].join('\n  '),
  );
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  const base = loadConfig();
  const suffix = randomBytes(4).toString('hex');
  const database = await createScratchDatabase(base.DATABASE_URL, 'launch');
  const databaseUrl = database.url;
  let app: INestApplicationContext | undefined;
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: `bench_launch_${suffix}`,
      APP_ROLE: 'api',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      SHORT_LINK_BASE_URL: process.env.SHORT_LINK_BASE_URL ?? 'https://sl.example',
    });
    app = await createWorkerContext(config);
    console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores (other processes share them)`);
    console.log(`bench:launch  sizes=${sizes.join(',')}  chunk=${config.LAUNCH_CHUNK_SIZE}  database=${database.name}  redis prefix=${config.QUEUE_PREFIX}`);
    let offset = 0;
    for (const size of sizes) {
      report(await runSize(app, db, size, offset));
      offset += size;
    }
  } finally {
    if (app) {
      const config = app.get(AppConfig);
      await app.close();
      await deleteKeysAt(config.REDIS_URL, `${config.QUEUE_PREFIX}:*`);
    }
    await db.end().catch(() => undefined);
    await database.drop();
  }
}

runBenchmark(main);
