/**
 * Stats benchmark: a 1M-message, 300k-click campaign (4 variants, 5 segments)
 * generated set-based straight into a scratch PostgreSQL database, then every
 * analytics endpoint of the app (APP_ROLE=api, a child process) called over
 * HTTP again and again. The baseline is the cheapest question about the same
 * rows, asked on a plain pg connection in the same run: one
 * `SELECT count(*) ... GROUP BY variant, segment` over the campaign's messages.
 *
 *   npm run build && npm run bench:stats -- --messages 1000000 --clicks 300000 --calls 30
 *
 * Target: p95 < 300 ms for /stats?groupBy=variant,segment on 2 cores.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createAccountFromCli } from '../src/cli/account-create.js';
import { loadConfig } from '../src/config/app-config.js';
import { type Child, fmt, freePort, loadAverage, numberFlag, report, SENDER, SERVER_URL, startNode, waitForHttp } from './click-fixtures.js';
import { createScratchDatabase, runBenchmark, timeCalls } from './support.js';

const TARGET_P95_MS = 300;
const VARIANTS = ['A', 'B', 'C', 'D'];
const SEGMENTS = ['vip', 'loyal', 'new', 'lapsed', 'everyone'];

interface Seeded {
  accountId: string;
  campaignId: string;
}

/**
 * Messages with the status mix of a real send (90% delivered, 3% sent without
 * a receipt yet, 3% undelivered, 2% failed, 2% suppressed), then clicks (70%
 * of them on distinct messages, the rest repeats and bots), and the message
 * counters computed from the clicks exactly as ingestion keeps them.
 */
async function seed(db: pg.Client, accountId: string, messages: number, clicks: number): Promise<Seeded> {
  const campaign = await db.query<{ id: string }>(
    `INSERT INTO campaigns (account_id, name, slug, sender, segments, status, recipient_count, launched_at, materialised_at, tags)
     VALUES ($1, 'Bench stats', 'bench-stats', $2, $3, 'sending', $4, now() - interval '2 days', now() - interval '2 days', ARRAY['bench'])
     RETURNING id`,
    [accountId, SENDER, SEGMENTS, messages],
  );
  const campaignId = campaign.rows[0].id;
  await db.query(
    `INSERT INTO campaign_variants (campaign_id, key, body, position) SELECT $1, key, 'Offer ' || key || ' https://shop.example.com/' || key, ord - 1
       FROM unnest($2::text[]) WITH ORDINALITY AS v(key, ord)`,
    [campaignId, VARIANTS],
  );
  await db.query(
    `INSERT INTO recipients (id, account_id, phone, segments)
     SELECT md5('r' || g)::uuid, $1, '+1212' || (2000000 + g)::text, ARRAY[($2::text[])[1 + g % 5]] FROM generate_series(1, $3::int) g`,
    [accountId, SEGMENTS, messages],
  );
  await db.query(
    `INSERT INTO messages (id, account_id, campaign_id, recipient_id, phone, sender, variant, segment, body, sms_segments, status,
                           provider_sid, accepted_at, delivered_at, undelivered_at, failed_at, opted_out_at, conversion_count, conversion_value)
     SELECT md5('m' || g)::uuid, $1, $2, md5('r' || g)::uuid, '+1212' || (2000000 + g)::text, $3,
            ($4::text[])[1 + (g / 7) % 4], ($5::text[])[1 + g % 5], 'Offer', 1, s.status::message_status,
            CASE WHEN s.status <> 'suppressed' THEN 'SM' || md5('m' || g) END,
            CASE WHEN s.status <> 'suppressed' THEN t.accepted END,
            CASE WHEN s.status = 'delivered' THEN t.accepted + (2 + g % 60) * interval '1 s' END,
            CASE WHEN s.status = 'undelivered' THEN t.accepted + interval '30 s' END,
            CASE WHEN s.status = 'failed' THEN t.accepted + interval '1 s' END,
            CASE WHEN g % 97 = 0 AND s.status = 'delivered' THEN t.accepted + interval '1 hour' END,
            CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END,
            CASE WHEN g % 50 = 0 THEN (g % 10000) / 100.0 ELSE 0 END
       FROM generate_series(1, $6::int) g,
            LATERAL (SELECT CASE WHEN g % 100 < 90 THEN 'delivered' WHEN g % 100 < 93 THEN 'sent' WHEN g % 100 < 96 THEN 'undelivered'
                                 WHEN g % 100 < 98 THEN 'failed' ELSE 'suppressed' END AS status) s,
            LATERAL (SELECT now() - interval '2 days' + (g % 7200) * interval '1 s' AS accepted) t`,
    [accountId, campaignId, SENDER, VARIANTS, SEGMENTS, messages],
  );
  await db.query(
    `INSERT INTO links (code, account_id, campaign_id, message_id, destination, position)
     SELECT 'b' || g, $1, $2, md5('m' || g)::uuid, 'https://shop.example.com/' || ($3::text[])[1 + (g / 7) % 4], 0
       FROM generate_series(1, $4::int) g`,
    [accountId, campaignId, VARIANTS, messages],
  );
  // Clicks land on messages that reached a phone (g % 100 < 96): the first 70% each on a new message
  // (the k-th such message is g = (k-1)/96*100 + (k-1)%96 + 1), the rest repeat taps on those; one in six is a bot.
  await db.query(
    `INSERT INTO clicks (id, code, account_id, campaign_id, message_id, source, outcome, click_class, class_reason, timing_signal,
                         method, occurred_at, device_type, os, browser, country, city)
     SELECT md5('c' || n)::uuid, 'b' || m, $1, $2, md5('m' || m)::uuid, 'link', 'redirected',
            (CASE WHEN n % 6 = 0 THEN 'preview' ELSE 'human' END)::click_class, CASE WHEN n % 6 = 0 THEN 'preview:imessage' ELSE 'human' END, false,
            'GET', now() - interval '2 days' + (m % 7200) * interval '1 s' + (30 + n % 3600) * interval '1 s',
            (ARRAY['mobile', 'mobile', 'mobile', 'tablet', 'desktop'])[1 + n % 5], (ARRAY['iOS', 'Android'])[1 + n % 2],
            (ARRAY['Mobile Safari', 'Chrome Mobile', 'Samsung Internet'])[1 + n % 3], (ARRAY['US', 'US', 'CA', 'GB'])[1 + n % 4],
            (ARRAY['New York', 'Chicago', 'Toronto', 'London', 'Austin'])[1 + n % 5]
       FROM generate_series(1, $3::int) n,
            LATERAL (SELECT CASE WHEN n <= $4::int THEN n ELSE 1 + (n::bigint * 7919) % $4::int END AS k) pick,
            LATERAL (SELECT (pick.k - 1) / 96 * 100 + (pick.k - 1) % 96 + 1 AS m) msg`,
    [accountId, campaignId, clicks, Math.floor(clicks * 0.7)],
  );
  await db.query(
    `UPDATE messages m SET human_clicks = c.human, bot_clicks = c.bot, first_human_click_at = c.first_human
       FROM (SELECT message_id, count(*) FILTER (WHERE click_class = 'human') AS human, count(*) FILTER (WHERE click_class <> 'human') AS bot,
                    min(occurred_at) FILTER (WHERE click_class = 'human') AS first_human
               FROM clicks WHERE campaign_id = $1 GROUP BY message_id) c
      WHERE m.id = c.message_id`,
    [campaignId],
  );
  for (const table of ['messages', 'clicks', 'links', 'recipients']) await db.query(`VACUUM ANALYZE ${table}`);
  return { accountId, campaignId };
}

async function main(): Promise<number> {
  const messageCount = numberFlag('messages', 1_000_000);
  const clickCount = numberFlag('clicks', 300_000);
  const calls = numberFlag('calls', 30);
  console.log(`load average before: ${loadAverage()}`);
  const database = await createScratchDatabase(SERVER_URL, 'stats');
  const db = new pg.Client({ connectionString: database.url });
  const children: Child[] = [];
  try {
    await db.connect();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url });
    const { accountId, apiKey } = await createAccountFromCli(['--name', 'Bench stats'], config);
    const seedStarted = performance.now();
    const { campaignId } = await seed(db, accountId, messageCount, clickCount);
    const { rows: [shape] } = await db.query<{ messages: number; clicks: number; clicked: number }>(
      `SELECT (SELECT count(*)::int FROM messages) AS messages, (SELECT count(*)::int FROM clicks) AS clicks,
              (SELECT count(*)::int FROM messages WHERE human_clicks > 0) AS clicked`,
    );
    console.log(`seeded ${fmt(shape.messages)} messages, ${fmt(shape.clicks)} clicks (${fmt(shape.clicked)} messages with a human click) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const port = await freePort();
    const app = startNode('app', join(import.meta.dirname, '..', 'src', 'main.js'), {
      DATABASE_URL: database.url, APP_ROLE: 'api', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production',
    });
    children.push(app);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/live`, app);
    const get = (path: string) => async () => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };

    const baseline = await timeCalls(calls, async () => {
      await db.query('SELECT variant, segment, count(*) FROM messages WHERE campaign_id = $1 GROUP BY variant, segment', [campaignId]);
    });
    const endpoints = [
      `/v1/campaigns/${campaignId}/stats?groupBy=variant,segment`,
      `/v1/campaigns/${campaignId}/stats?groupBy=variant`,
      `/v1/campaigns/${campaignId}/stats?groupBy=segment`,
      `/v1/campaigns/${campaignId}/timeseries?interval=hour`,
      `/v1/campaigns/${campaignId}/timeseries?interval=day`,
      `/v1/campaigns/${campaignId}/breakdown?by=device`,
      `/v1/campaigns/${campaignId}/breakdown?by=city`,
      `/v1/campaigns/${campaignId}/messages?limit=50&clicked=true&variant=B`,
      `/v1/campaigns/${campaignId}/top-links`,
      `/v1/analytics/overview`,
    ];
    const results: [string, Awaited<ReturnType<typeof timeCalls>>][] = [];
    for (const path of endpoints) results.push([path.replace(campaignId, '{id}'), await timeCalls(calls, get(path))]);

    const headline = results[0][1];
    const met = headline.p95 < TARGET_P95_MS;
    console.log(`bench:stats  messages=${fmt(messageCount)}  clicks=${fmt(clickCount)}  calls=${calls} per endpoint (after 1 warm-up), one at a time`);
    report([
      `${'baseline: SELECT count(*) GROUP BY variant, segment (pg)'.padEnd(62)} p50 ${baseline.p50.toFixed(1).padStart(7)} ms  p95 ${baseline.p95.toFixed(1).padStart(7)} ms`,
      ...results.map(([path, r]) => `${path.padEnd(62)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  (${(r.p95 / baseline.p95).toFixed(2)}x baseline p95)`),
      `target: /stats?groupBy=variant,segment p95 < ${TARGET_P95_MS} ms on ${cpus().length} cores: ${met ? 'met' : 'NOT met'} (${headline.p95.toFixed(1)} ms)`,
      `load average after: ${loadAverage()}`,
    ]);
    return met ? 0 : 1;
  } finally {
    for (const child of children) await child.stop();
    await db.end();
    // --keep leaves the database for EXPLAIN ANALYZE sessions.
    if (process.argv.includes('--keep')) console.log(`kept database ${database.url}`);
    else await database.drop();
  }
}

runBenchmark(main);
