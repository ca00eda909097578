/**
 * Click ingestion benchmark: a worker child process (node dist/src/worker.js)
 * persists click events from the Redis Stream, as the redirect writes them.
 *
 *   Phase A (sustained): this process XADDs valid ClickEvents at a fixed rate
 *   (default 10,000/s for 30 s); the stream backlog and the rows persisted are
 *   sampled every second: does the backlog stay flat?
 *   Phase B (capacity): with the worker stopped, 200,000 events are written to
 *   the stream; a fresh worker drains them: the maximum clicks/s. Baseline in
 *   the same run: the same 200,000 rows as stored, written again with plain
 *   INSERT ... SELECT FROM unnest through `pg`, CLICK_INGEST_BATCH rows per
 *   statement, into an unindexed copy of the clicks table.
 *
 *   npm run build && npm run bench:ingest -- --links 50000 --rate 10000 --duration 30 --events 200000
 *
 * Checks that every event produced became exactly one clicks row. Uses a
 * scratch database (created, migrated, dropped) and a scratch Redis prefix (removed).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config/app-config.js';
import { CLICK_EVENT_FIELD, type ClickEvent, encodeClickEvent } from '../src/modules/click/click-event.js';
import { clickStreamKey } from '../src/modules/click/click-stream.js';
import {
  ACCEPT_LANGUAGES, type Child, type ClickFixtures, cpuReport, cpuSources, cleanUpRun, fmt, freePort, loadAverage, numberFlag, report,
  publicIp, readCpu, REDIS_URL, seedClickFixtures, SERVER_URL, startNode, streamBacklog, USER_AGENTS, waitForDrain, waitForHttp,
} from './click-fixtures.js';
import { createScratchDatabase, runBenchmark } from './support.js';

const TICK_MS = 10;
const WORKER_SCRIPT = join(import.meta.dirname, '..', 'src', 'worker.js');

/** A click as the redirect would write it: a random recipient's link, a phone (or a preview fetcher, or a script). */
function clickFactory(fixtures: ClickFixtures): () => ClickEvent {
  return () => {
    const link = fixtures.links[randomInt(fixtures.links.length)];
    const roll = Math.random();
    const userAgent = roll < 0.7 ? USER_AGENTS.iphoneSafari : roll < 0.9 ? USER_AGENTS.androidChrome : roll < 0.97 ? USER_AGENTS.whatsappPreview : USER_AGENTS.curl;
    return {
      id: uuidv7(),
      code: link.code,
      accountId: fixtures.accountId,
      campaignId: fixtures.campaignId,
      messageId: link.messageId,
      occurredAtMs: Date.now(),
      method: 'GET',
      source: 'link',
      outcome: 'redirected',
      ip: publicIp(randomInt(1_000_000)),
      userAgent,
      referrer: null,
      acceptLanguage: userAgent === USER_AGENTS.curl ? null : ACCEPT_LANGUAGES[randomInt(ACCEPT_LANGUAGES.length)],
    };
  };
}

async function xaddBatch(redis: Redis, streamKey: string, make: () => ClickEvent, count: number): Promise<void> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < count; i++) pipeline.xadd(streamKey, '*', CLICK_EVENT_FIELD, encodeClickEvent(make()));
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

interface Sample {
  t: number;
  produced: number;
  persisted: number;
  backlog: number;
  pending: number;
}

const countClicks = async (db: pg.Client) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM clicks')).rows[0].n;

/** Least-squares slope (per second) of the backlog over these samples. */
function backlogSlope(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((s, x) => s + x.t, 0) / n;
  const meanB = samples.reduce((s, x) => s + x.backlog, 0) / n;
  const num = samples.reduce((s, x) => s + (x.t - meanT) * (x.backlog - meanB), 0);
  const den = samples.reduce((s, x) => s + (x.t - meanT) ** 2, 0);
  return num / den;
}

/** Phase A: `rate` events/s for `seconds`, in ticks of TICK_MS; a sample every second until the stream is drained. */
async function sustained(redis: Redis, sampler: Redis, db: pg.Client, streamKey: string, make: () => ClickEvent, rate: number, seconds: number) {
  const persistedBefore = await countClicks(db);
  const state: { produced: number; producing: boolean; failure?: unknown } = { produced: 0, producing: true };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const producer = (async () => {
    const maxPerTick = Math.ceil(rate / 10); // fallen behind: catch up by at most 100 ms of clicks per tick
    while (elapsed() < seconds) {
      const due = Math.min(Math.floor(rate * elapsed()) - state.produced, maxPerTick);
      if (due > 0) {
        await xaddBatch(redis, streamKey, make, due);
        state.produced += due;
      }
      await sleep(TICK_MS);
    }
    return elapsed();
  })()
    .catch((error: unknown) => {
      state.failure = error;
      return elapsed();
    })
    .finally(() => (state.producing = false));
  const samples: Sample[] = [];
  const header = `  ${'t (s)'.padStart(6)} ${'produced'.padStart(9)} ${'+/s'.padStart(7)} ${'persisted'.padStart(9)} ${'+/s'.padStart(7)} ${'backlog'.padStart(8)} ${'pending'.padStart(7)}`;
  console.log(header);
  let drainedAt: number | null = null;
  for (let k = 1; k <= seconds + 120; k++) {
    await sleep(Math.max(0, started + k * 1000 - performance.now()));
    const produced = state.produced;
    const [{ length, pending }, count] = await Promise.all([streamBacklog(sampler, streamKey), countClicks(db)]);
    const persisted = count - persistedBefore;
    const previous = samples.at(-1) ?? { produced: 0, persisted: 0 };
    samples.push({ t: k, produced, persisted, backlog: length, pending });
    const mark = k > seconds ? ' (production over)' : '';
    console.log(`  ${String(k).padStart(6)} ${fmt(produced).padStart(9)} ${fmt(produced - previous.produced).padStart(7)} ${fmt(persisted).padStart(9)} ${fmt(persisted - previous.persisted).padStart(7)} ${fmt(length).padStart(8)} ${fmt(pending).padStart(7)}${mark}`);
    if (state.failure) throw state.failure;
    if (!state.producing && length === 0 && pending === 0) {
      drainedAt = k;
      break;
    }
  }
  const producerSeconds = await producer;
  return { produced: state.produced, producerSeconds, samples, drainedAt };
}

/** Every column of a clicks row as the app writes it, with its array type for unnest. */
const CLICK_COLUMNS = [
  ['id', 'uuid'], ['code', 'text'], ['account_id', 'uuid'], ['campaign_id', 'uuid'], ['message_id', 'uuid'], ['source', 'click_source'],
  ['outcome', 'click_outcome'], ['click_class', 'click_class'], ['class_reason', 'text'], ['timing_signal', 'bool'],
  ['seconds_since_delivery', 'float8'], ['method', 'text'], ['occurred_at', 'timestamptz'], ['ip', 'text'], ['user_agent', 'text'],
  ['referrer', 'text'], ['referrer_host', 'text'], ['accept_language', 'text'], ['device_type', 'text'], ['os', 'text'],
  ['os_version', 'text'], ['browser', 'text'], ['browser_version', 'text'], ['country', 'text'], ['city', 'text'],
] as const;

/** The baseline: the stored rows again, `batch` per INSERT ... SELECT FROM unnest, into an unindexed copy. Seconds. */
async function baselineInsert(db: pg.Client, firstId: string, batch: number): Promise<{ seconds: number; rows: number }> {
  const names = CLICK_COLUMNS.map(([name]) => name).join(', ');
  const { rows } = await db.query<string[]>({ text: `SELECT ${CLICK_COLUMNS.map(([name]) => `${name}::text`).join(', ')} FROM clicks WHERE id >= $1 ORDER BY id`, values: [firstId], rowMode: 'array' });
  await db.query('DROP TABLE IF EXISTS clicks_baseline');
  await db.query('CREATE TABLE clicks_baseline (LIKE clicks INCLUDING DEFAULTS)'); // no indexes, no primary key
  const sql = `INSERT INTO clicks_baseline (${names}) SELECT * FROM unnest(${CLICK_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
  const started = performance.now();
  for (let offset = 0; offset < rows.length; offset += batch) {
    const chunk = rows.slice(offset, offset + batch);
    await db.query(sql, CLICK_COLUMNS.map((_, j) => chunk.map((row) => row[j])));
  }
  const seconds = (performance.now() - started) / 1000;
  await db.query('DROP TABLE clicks_baseline');
  return { seconds, rows: rows.length };
}

async function main(): Promise<number> {
  const linkCount = numberFlag('links', 50_000);
  const rate = numberFlag('rate', 10_000);
  const duration = numberFlag('duration', 30);
  const capacityEvents = numberFlag('events', 200_000);
  const prefix = `bench_ingest_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ ...process.env, QUEUE_PREFIX: prefix }); // the worker children see the same environment
  const streamKey = clickStreamKey(config);
  console.log(`load average before: ${loadAverage()} (other processes share them)`);
  const database = await createScratchDatabase(SERVER_URL, 'ingest');
  const monitor = new pg.Client({ connectionString: database.url });
  const redis = new Redis(REDIS_URL);
  const sampler = new Redis(REDIS_URL);
  const children: Child[] = [];
  const env = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  const startWorker = async (label: string) => {
    const port = await freePort();
    const worker = startNode(label, WORKER_SCRIPT, { ...env, METRICS_PORT: String(port) });
    children.push(worker);
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, worker);
    return worker;
  };
  let exitCode = 1;
  try {
    await monitor.connect();
    const fixtures = await seedClickFixtures(monitor, linkCount);
    const make = clickFactory(fixtures);
    const geo = process.env.GEOIP_CITY_DB ? `GEOIP_CITY_DB=${process.env.GEOIP_CITY_DB}` : 'bundled DB-IP geo';
    console.log(
      `bench:ingest  links=${fmt(linkCount)}  rate=${fmt(rate)}/s for ${duration} s  capacity events=${fmt(capacityEvents)}  ` +
        `CLICK_INGEST_BATCH=${config.CLICK_INGEST_BATCH}  worker: ${geo}  database=${database.name}  redis prefix=${prefix}`,
    );

    // Phase A: sustained rate.
    const worker = await startWorker('worker');
    // The first batch opens the GeoIP database (about a second): done before the clock starts.
    const primeStarted = performance.now();
    const primed = 1000;
    await xaddBatch(redis, streamKey, make, primed);
    if (!(await waitForDrain(sampler, streamKey, 60_000))) throw new Error('the worker did not ingest its first clicks');
    console.log(`worker primed: ${fmt(primed)} clicks ingested in ${((performance.now() - primeStarted) / 1000).toFixed(1)} s (GeoIP database opened)`);
    console.log(`Phase A: ${fmt(rate)} clicks/s for ${duration} s (${TICK_MS} ms ticks), sampled every second`);
    let sources = cpuSources('bench (producer)', [worker], redis, monitor);
    let cpuBefore = await readCpu(sources);
    const a = await sustained(redis, sampler, monitor, streamKey, make, rate, duration);
    const producing = a.samples.filter((s) => s.t <= duration);
    const atEnd = producing.at(-1)!;
    const middle = producing[Math.floor(producing.length / 2) - 1] ?? atEnd;
    const maxBacklog = Math.max(...producing.map((s) => s.backlog));
    const slope = backlogSlope(producing.slice(Math.floor(producing.length / 2)));
    const flat = atEnd.backlog < 2 * rate && slope < 0.05 * rate;
    console.log('Phase A result:');
    report([
      `produced ${fmt(a.produced)} in ${a.producerSeconds.toFixed(1)} s = ${fmt(a.produced / a.producerSeconds)}/s (asked ${fmt(rate)}/s)`,
      `persisted while producing: ${fmt(atEnd.persisted)} in ${duration} s = ${fmt(atEnd.persisted / duration)}/s`,
      `backlog (XLEN) at ${producing[0].t} s ${fmt(producing[0].backlog)}, at ${middle.t} s ${fmt(middle.backlog)}, at ${atEnd.t} s ${fmt(atEnd.backlog)}, max ${fmt(maxBacklog)}; ` +
        `trend over the second half ${slope >= 0 ? '+' : ''}${fmt(slope)}/s`,
      `backlog flat (end < 2 s of clicks = ${fmt(2 * rate)} and growing < 5% of the rate over the second half): ${flat ? 'yes' : 'NO'}`,
      `drained ${a.drainedAt === null ? 'NOT within 120 s' : `${a.drainedAt - duration} s after production stopped`}`,
      `CPU in phase A: ${cpuReport(cpuBefore, await readCpu(sources), a.drainedAt ?? duration, { count: a.produced, unit: 'click' })}`,
    ]);
    if (a.drainedAt === null && !(await waitForDrain(sampler, streamKey, 60_000))) throw new Error('phase A backlog did not drain');
    await worker.stop();

    // Phase B: capacity, from a full stream.
    const prefillStarted = performance.now();
    let firstId = '';
    const makeAndRemember = () => {
      const event = make();
      firstId ||= event.id;
      return event;
    };
    for (let written = 0; written < capacityEvents; written += 1000) await xaddBatch(redis, streamKey, makeAndRemember, Math.min(1000, capacityEvents - written));
    const persistedBefore = await countClicks(monitor);
    console.log(`Phase B: ${fmt(capacityEvents)} events written to the stream with no worker running in ${((performance.now() - prefillStarted) / 1000).toFixed(1)} s; starting a worker`);
    const spawned = performance.now();
    const drainer = await startWorker('worker-b');
    const live = performance.now();
    sources = cpuSources('bench', [drainer], redis, monitor);
    cpuBefore = await readCpu(sources);
    const persistedAtLive = (await countClicks(monitor)) - persistedBefore;
    const drained = await waitForDrain(sampler, streamKey, 600_000);
    const done = performance.now();
    const cpuAfter = await readCpu(sources);
    if (!drained) throw new Error('phase B backlog did not drain within 600 s');
    const drainSeconds = (done - live) / 1000;
    // After the first commit (the worker's first batch also opens the GeoIP database): rows committed later over the time they took.
    const span = await monitor.query<{ seconds: number; later: number }>(
      `WITH b AS (SELECT persisted_at FROM clicks WHERE id >= $1)
       SELECT extract(epoch FROM max(persisted_at) - min(persisted_at))::float8 AS seconds,
              count(*) FILTER (WHERE persisted_at > (SELECT min(persisted_at) FROM b))::int AS later FROM b`,
      [firstId],
    );
    const { seconds: steadySeconds, later } = span.rows[0];
    const baseline = await baselineInsert(monitor, firstId, config.CLICK_INGEST_BATCH);
    report([
      `worker up (health/live) ${((live - spawned) / 1000).toFixed(1)} s after spawn, ${fmt(persistedAtLive)} clicks already stored by then`,
      `drain from live (includes opening the GeoIP database): ${drainSeconds.toFixed(2)} s = ${fmt(capacityEvents / drainSeconds)} clicks/s`,
      `after the first commit: ${fmt(later)} clicks in ${steadySeconds.toFixed(2)} s = ${fmt(later / steadySeconds)} clicks/s`,
      `CPU during the drain: ${cpuReport(cpuBefore, cpuAfter, drainSeconds, { count: capacityEvents, unit: 'click' })}`,
      `baseline INSERT ... SELECT FROM unnest of the same ${fmt(baseline.rows)} rows, ${config.CLICK_INGEST_BATCH} per statement, unindexed copy: ` +
        `${baseline.seconds.toFixed(2)} s = ${fmt(baseline.rows / baseline.seconds)} rows/s`,
      `ratio ingest/baseline time: ${(drainSeconds / baseline.seconds).toFixed(2)}x`,
    ]);

    const expected = primed + a.produced + capacityEvents;
    const { rows } = await monitor.query<{ clicks: number; counted: number }>(
      `SELECT count(*)::int AS clicks, (SELECT sum(human_clicks + bot_clicks + qr_scans)::int FROM messages) AS counted FROM clicks`,
    );
    const [{ clicks, counted }] = rows;
    const pass = clicks === expected && counted === clicks && baseline.rows === capacityEvents;
    console.log('Exactly once:');
    report([
      `events produced (priming ${fmt(primed)} + phase A ${fmt(a.produced)} + phase B ${fmt(capacityEvents)}): ${fmt(expected)}`,
      `clicks rows: ${fmt(clicks)}; message counters sum: ${fmt(counted)}`,
      `clicks = events produced, counters = clicks: ${pass ? 'PASS' : 'FAIL'}`,
      `load average after: ${loadAverage()}`,
    ]);
    exitCode = pass ? 0 : 1;
  } finally {
    sampler.disconnect();
    await cleanUpRun({ children, redis, prefix, monitor, dropDatabase: () => database.drop() });
  }
  return exitCode;
}

runBenchmark(main);
