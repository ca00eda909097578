/**
 * Engagement-audience benchmark: what evaluating a behaviour rule costs.
 *
 * Seeds an account with N recipients and a past campaign to all of them
 * (30% clicked three hours ago, a fifth of the clickers bought within the
 * hour), defines "clicked but did not convert within 1 hour", then measures:
 *
 * 1. the segment preview (count + sample) against a baseline of the plainest
 *    SQL that gives the same count straight from the messages table;
 * 2. a launch targeting the rule against a launch targeting a label carried
 *    by exactly the same recipients (the fast path launches always had), so
 *    the ratio is the price of evaluating the rule at launch.
 *
 *   npm run build && npm run bench:audience -- --size 200000
 *
 * Scratch database and Redis prefix, dropped at the end; APP_ROLE=api, so
 * nothing is sent (send jobs only queue up, then are removed).
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createWorkerContext } from '../src/bootstrap.js';
import { AppConfig, loadConfig } from '../src/config/app-config.js';
import { AccountService } from '../src/modules/account/account.service.js';
import { CampaignService } from '../src/modules/campaign/campaign.service.js';
import { LaunchService } from '../src/modules/campaign/launch/launch.service.js';
import { SegmentService } from '../src/modules/segment/segment.service.js';
import { Queues } from '../src/queue/queues.js';
import { fmt, loadAverage, numberFlag, SENDER } from './click-fixtures.js';
import { createScratchDatabase, deleteKeys, runBenchmark, timeCalls } from './support.js';

/** Timed preview and baseline calls each (the preview's first call, checked against the baseline, comes before). */
const RUNS = 15;

/** --size N: recipients to seed (an integer, at least 100). */
function sizeArgument(): number {
  const size = numberFlag('size', 200_000);
  if (!Number.isInteger(size) || size < 100) throw new Error(`--size wants an integer >= 100, got ${size}`);
  return size;
}

/**
 * Recipients, a completed campaign with a message to each: recipient g clicked
 * when g % 10 < 3, and clickers with g % 50 == 0 bought 30 minutes after.
 * Rows are written with SQL (the launch and click paths have their own benchmarks).
 */
async function seed(db: pg.Client, accountId: string, size: number): Promise<string> {
  await db.query(
    `INSERT INTO recipients (account_id, phone, segments)
     SELECT $1::uuid, '+1' || (3000000000 + g)::text, CASE WHEN g % 10 < 3 AND g % 50 <> 0 THEN ARRAY['all', 'retarget_label'] ELSE ARRAY['all'] END
       FROM generate_series(1, $2::int) AS g`,
    [accountId, size],
  );
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO campaigns (account_id, name, slug, sender, segments, status, launched_at, materialised_at, completed_at)
     VALUES ($1::uuid, 'Past campaign', 'past', $2, ARRAY['all'], 'completed', now() - interval '4 hours', now() - interval '4 hours', now() - interval '3 hours')
     RETURNING id`,
    [accountId, SENDER],
  );
  const campaignId = rows[0].id;
  await db.query(`INSERT INTO campaign_variants (campaign_id, key, body, position) VALUES ($1::uuid, 'A', 'Sale https://shop.example.com', 0)`, [campaignId]);
  await db.query(
    `INSERT INTO messages (id, account_id, campaign_id, recipient_id, phone, sender, variant, segment, body, sms_segments, status,
                           provider_sid, accepted_at, delivered_at, first_human_click_at, human_clicks)
     SELECT gen_random_uuid(), r.account_id, $2::uuid, r.id, r.phone, $3, 'A', 'all', 'Sale', 1, 'delivered',
            'SM' || md5(r.id::text), now() - interval '3 hours 5 minutes', now() - interval '3 hours 4 minutes',
            CASE WHEN g.n % 10 < 3 THEN now() - interval '3 hours' END, CASE WHEN g.n % 10 < 3 THEN 1 ELSE 0 END
       FROM recipients r CROSS JOIN LATERAL (SELECT (substr(r.phone, 3)::bigint - 3000000000) AS n) g
      WHERE r.account_id = $1::uuid`,
    [accountId, campaignId, SENDER],
  );
  await db.query(
    `WITH bought AS (
       INSERT INTO conversions (account_id, campaign_id, message_id, recipient_id, matched_by, name, value, currency, occurred_at)
       SELECT m.account_id, m.campaign_id, m.id, m.recipient_id, 'messageId', 'purchase', 20, 'USD', m.first_human_click_at + interval '30 minutes'
         FROM messages m WHERE m.campaign_id = $1::uuid AND m.human_clicks > 0 AND (substr(m.phone, 3)::bigint - 3000000000) % 50 = 0
       RETURNING message_id)
     UPDATE messages SET conversion_count = 1, conversion_value = 20 WHERE id IN (SELECT message_id FROM bought)`,
    [campaignId],
  );
  await db.query('ANALYZE recipients; ANALYZE messages; ANALYZE conversions');
  return campaignId;
}

/** The plainest SQL giving the rule's count, straight from the past campaign's messages. */
async function baselineCount(db: pg.Client, campaignId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages m
      WHERE m.campaign_id = $1::uuid AND m.human_clicks > 0 AND m.first_human_click_at <= now() - interval '1 hour'
        AND NOT EXISTS (SELECT 1 FROM conversions c WHERE c.message_id = m.id AND c.occurred_at <= m.first_human_click_at + interval '1 hour')`,
    [campaignId],
  );
  return rows[0].n;
}

async function launch(app: INestApplicationContext, account: { accountId: string; defaultCountry: string; timezone: string }, segment: string) {
  const campaigns = app.get(CampaignService);
  const campaign = await campaigns.create(account, {
    name: `Retarget via ${segment}`, from: SENDER, segments: [segment], variants: [{ key: 'A', body: 'Still thinking? https://shop.example.com/back' }],
  });
  await campaigns.launch(account, campaign.id);
  const started = performance.now();
  const result = await app.get(LaunchService).materialise(campaign.id);
  const elapsed = performance.now() - started;
  if (result.outcome !== 'materialised') throw new Error(`launch did not materialise: ${JSON.stringify(result)}`);
  await app.get<Queue>(getQueueToken(Queues.send), { strict: false }).obliterate({ force: true });
  return { ms: elapsed, messages: result.inserted };
}

async function main(): Promise<void> {
  const size = sizeArgument();
  const base = loadConfig();
  const suffix = randomBytes(4).toString('hex');
  const database = await createScratchDatabase(base.DATABASE_URL, 'audience');
  const db = new pg.Client({ connectionString: database.url });
  let app: INestApplicationContext | undefined;
  try {
    await db.connect();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url, QUEUE_PREFIX: `bench_audience_${suffix}`, APP_ROLE: 'api', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    app = await createWorkerContext(config);
    console.log(`load average before: ${loadAverage()} (other processes share them)`);
    const { accountId } = await app.get(AccountService).createAccount({ name: 'Bench audience', defaultCountry: 'US' });
    const account = { accountId, defaultCountry: 'US', timezone: 'UTC' };
    const pastCampaign = await seed(db, accountId, size);
    const segments = app.get(SegmentService);
    await segments.create(accountId, { key: 'clicked-no-buy', rule: { clicked: { campaignId: pastCampaign, withoutConversionWithinHours: 1 } } });

    const expected = await baselineCount(db, pastCampaign);
    const preview = await segments.preview(accountId, 'clicked-no-buy', 10);
    if (preview.size !== expected) throw new Error(`preview counted ${preview.size}, the baseline ${expected}`);
    if (process.argv.includes('--explain')) {
      const { SqlParameters, targetPredicate } = await import('../src/modules/segment/audience-sql.js');
      const params = new SqlParameters([accountId]);
      const [target] = await segments.targets(accountId, ['clicked-no-buy']);
      const sql = `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM recipients r WHERE r.account_id = $1::uuid AND ${targetPredicate(target, params, new Date())}`;
      console.log((await db.query(sql, params.values)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));
    }
    const previewTimes = await timeCalls(RUNS, () => segments.preview(accountId, 'clicked-no-buy', 10), { warmUp: false });
    const baselineTimes = await timeCalls(RUNS, () => baselineCount(db, pastCampaign), { warmUp: false });
    console.log(`bench:audience  recipients=${fmt(size)}  segment "clicked, no purchase within 1 h" = ${fmt(expected)} recipients`);
    console.log(
      `  preview (count + 10 samples): p50 ${previewTimes.p50.toFixed(1)} ms, p95 ${previewTimes.p95.toFixed(1)} ms; ` +
        `baseline (bare count over messages): p50 ${baselineTimes.p50.toFixed(1)} ms, p95 ${baselineTimes.p95.toFixed(1)} ms; ` +
        `ratio p50 ${(previewTimes.p50 / baselineTimes.p50).toFixed(2)}x`,
    );

    const byLabel = await launch(app, account, 'retarget_label');
    const byRule = await launch(app, account, 'clicked-no-buy');
    if (byRule.messages !== expected || byLabel.messages !== expected) throw new Error(`launches made ${byRule.messages} / ${byLabel.messages} messages, expected ${expected}`);
    console.log(
      `  launch of ${fmt(expected)} messages: by rule ${(byRule.ms / 1000).toFixed(2)} s (${fmt(expected / (byRule.ms / 1000))}/s), ` +
        `by a label on the same recipients ${(byLabel.ms / 1000).toFixed(2)} s (${fmt(expected / (byLabel.ms / 1000))}/s); ratio ${(byRule.ms / byLabel.ms).toFixed(2)}x`,
    );
  } finally {
    if (app) {
      const config = app.get(AppConfig);
      await app.close();
      const redis = new Redis(config.REDIS_URL);
      await deleteKeys(redis, `${config.QUEUE_PREFIX}:*`).finally(() => redis.disconnect());
    }
    await db.end().catch(() => undefined);
    await database.drop();
  }
}

runBenchmark(main);
