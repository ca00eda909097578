/**
 * Redirect benchmark: GET /{code} on the app (APP_ROLE=redirect, a child
 * process, click capture on: every 302 waits for its XADD) against a bare
 * node:http server answering the same 302s from a Map (another child), both
 * loaded by autocannon from this process with the same settings.
 *
 * Three runs: the baseline; the app while no ingest worker runs (the clicks
 * wait in the stream, as they do while PostgreSQL is down: the redirect's own
 * cost, the headline ratio); the app again with the ingest worker persisting
 * on the same two cores (everything at once; bench:ingest measures ingestion
 * alone). Prints req/s, p50/p99 latency and errors, the ratios, the CPU each
 * process used, and checks that every 302 became exactly one clicks row.
 *
 *   npm run build && npm run bench:redirect -- --links 10000 --duration 10
 *
 * Uses a scratch database (created, migrated, dropped) and a scratch Redis
 * prefix (removed).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { clickStreamKey } from '../src/modules/click/click-stream.js';
import { LinkCache } from '../src/modules/link/link-cache.js';
import type { LinkRepository } from '../src/modules/link/link.repository.js';
import { redirectUrlFor, type CampaignLinkSettings } from '../src/modules/link/link-target.js';
import { HotPathRedis } from '../src/queue/hot-path-redis.js';
import {
  ACCEPT_LANGUAGES, type Child, cpuReport, cpuSources, cleanUpRun, fmt, freePort, loadAverage, numberFlag, report, publicIp,
  readCpu, REDIS_URL, seedClickFixtures, SERVER_URL, startNode, USER_AGENTS, waitForDrain, waitForHttp,
} from './click-fixtures.js';
import { createScratchDatabase, percentile, runBenchmark } from './support.js';

const CONNECTIONS = 64;
const WARMUP_SECONDS = 2;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 10;
/** The app's 302 headers (RedirectService), which the baseline sends too. */
const REDIRECT_HEADERS = { 'cache-control': 'private, max-age=0', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' };

/** Baseline child: reads [code, url] pairs on stdin, answers 302 from a Map, 404 otherwise. */
async function serveBaseline(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const targets = new Map<string, string>(JSON.parse(Buffer.concat(chunks).toString('utf8')) as [string, string][]);
  const server = createHttpServer((request, response) => {
    const location = targets.get((request.url ?? '/').slice(1));
    if (location) response.writeHead(302, { ...REDIRECT_HEADERS, location }).end();
    else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

interface LoadFigures {
  seconds: number;
  statusCounts: Record<string, number>;
  redirects: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** 1xx, 4xx, 5xx answers, connection errors and timeouts. */
  failures: number;
}

/**
 * `seconds` of load, every request a different code (the cursor carries on
 * across runs) with a phone's headers and its own public client IP.
 * autocannon alone would cut the requests in flight when its duration ends,
 * and the app may already have recorded those clicks: instead each connection
 * stops after its first response past the deadline (autocannon's per-client
 * request limit, set from the `response` event), so every request sent is
 * answered and counted. Latencies are kept exactly (autocannon's histogram
 * has 1 ms resolution); req/s is answers over the time to the last answer.
 */
function load(url: string, codes: readonly string[], seconds: number, cursor: { next: number }): Promise<LoadFigures> {
  const latencies: number[] = [];
  const started = performance.now();
  let lastAnswer = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds + 10, // a backstop: the connections stop themselves at `seconds`
        headers: {
          'user-agent': USER_AGENTS.iphoneSafari,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
        },
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              const i = cursor.next++;
              return {
                ...request,
                path: `/${codes[i % codes.length]}`,
                headers: { ...request.headers, 'accept-language': ACCEPT_LANGUAGES[i % ACCEPT_LANGUAGES.length], 'x-forwarded-for': publicIp(i) },
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, s]) => [status, s.count ?? 0]));
        const sorted = Float64Array.from(latencies).sort();
        const elapsed = (lastAnswer - started) / 1000;
        resolve({
          seconds: elapsed,
          statusCounts,
          redirects: statusCounts['302'] ?? 0,
          requestsPerSecond: latencies.length / elapsed,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          failures: result['1xx'] + result['4xx'] + result['5xx'] + result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastAnswer = performance.now();
      if (lastAnswer - started >= seconds * 1000) {
        const internals = client as unknown as { reqsMade: number; responseMax?: number };
        internals.responseMax = internals.reqsMade;
      }
    });
  });
}

const describe = (label: string, f: LoadFigures) =>
  `${label.padEnd(30)} ${fmt(f.requestsPerSecond).padStart(7)} req/s  p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms  ` +
  `non-2xx/3xx ${fmt(f.failures)}  (${fmt(f.redirects)} x 302 in ${f.seconds.toFixed(1)} s; status ${JSON.stringify(f.statusCounts)})`;

async function main(): Promise<number> {
  const linkCount = numberFlag('links', 10_000);
  const duration = numberFlag('duration', 10);
  const prefix = `bench_redirect_${randomBytes(4).toString('hex')}`;
  const streamKey = clickStreamKey(loadConfig({ QUEUE_PREFIX: prefix }));
  console.log(`load average before: ${loadAverage()} (other processes share them)`);
  const database = await createScratchDatabase(SERVER_URL, 'redirect');
  const monitor = new pg.Client({ connectionString: database.url });
  const redis = new Redis(REDIS_URL);
  const children: Child[] = [];
  let exitCode = 1;
  try {
    await monitor.connect();
    const fixtures = await seedClickFixtures(monitor, linkCount);
    const settings: CampaignLinkSettings = { accountId: fixtures.accountId, slug: fixtures.slug, utm: null, fallbackUrl: null };
    const warmLinks = fixtures.links.map((link) => ({ ...link, campaignId: fixtures.campaignId, variant: fixtures.variant, expiresAtMs: null, disabled: false }));
    // The launch's own warm path (LinkCache.warm, which needs no repository), so Redis holds exactly what a launch writes.
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix });
    const hotPath = new HotPathRedis(config);
    await hotPath.onModuleInit();
    await new LinkCache(config, hotPath, undefined as unknown as LinkRepository).warm(fixtures.campaignId, settings, warmLinks);
    await hotPath.onModuleDestroy();
    const codes = fixtures.links.map((link) => link.code);
    const targets = new Map(fixtures.links.map((link) => [link.code, redirectUrlFor({ destination: link.destination, variant: fixtures.variant }, settings)]));

    const [appPort, workerPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
    const common = { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix, HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' };
    const dist = join(import.meta.dirname, '..', 'src');
    // BENCH_APP_NODE_ARGS (e.g. --cpu-prof, or V8 flags) go to the app's node.
    const appNodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    const app = startNode('app', join(dist, 'main.js'), { ...common, APP_ROLE: 'redirect', PORT: String(appPort) }, [], undefined, appNodeArgs);
    const baseline = startNode('baseline', join(import.meta.dirname, 'redirect.js'), { PORT: String(baselinePort) }, ['--baseline-server'], JSON.stringify([...targets]));
    children.push(app, baseline);
    const appUrl = `http://127.0.0.1:${appPort}`;
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    await Promise.all([waitForHttp(`${appUrl}/health/live`, app), waitForHttp(`${baselineUrl}/`, baseline)]);

    // Both answer the same 302 for the same code (this request is a click on the app: counted below).
    for (const url of [appUrl, baselineUrl]) {
      const response = await fetch(`${url}/${codes[0]}`, { redirect: 'manual' });
      if (response.status !== 302 || response.headers.get('location') !== targets.get(codes[0])) {
        throw new Error(`${url}/${codes[0]} answered ${response.status} ${response.headers.get('location')}, expected 302 ${targets.get(codes[0])}`);
      }
    }
    const checkClicks = 1;

    const geo = process.env.GEOIP_CITY_DB ? `GEOIP_CITY_DB=${process.env.GEOIP_CITY_DB}` : 'bundled DB-IP geo';
    // The worker starts after the first app run; until then clicks wait in the stream.
    console.log(
      `bench:redirect  links=${fmt(linkCount)}  connections=${CONNECTIONS}  pipelining=1  duration=${duration} s (+${WARMUP_SECONDS} s warm-up each)  ` +
        `database=${database.name}  redis prefix=${prefix}  worker: ${geo}, CLICK_INGEST_BATCH=${config.CLICK_INGEST_BATCH}`,
    );
    const run = async (url: string) => {
      const sources = cpuSources('bench (autocannon)', children, redis, monitor);
      const cursor = { next: 0 };
      const warmup = await load(url, codes, WARMUP_SECONDS, cursor);
      const before = await readCpu(sources);
      const measured = await load(url, codes, duration, cursor);
      return { warmup, measured, cpu: cpuReport(before, await readCpu(sources), measured.seconds, { count: measured.redirects, unit: 'req' }) };
    };
    const baseRun = await run(baselineUrl);
    const appRun = await run(appUrl);
    const worker = startNode('worker', join(dist, 'worker.js'), { ...common, METRICS_PORT: String(workerPort) });
    children.push(worker);
    await waitForHttp(`http://127.0.0.1:${workerPort}/health/live`, worker);
    const busyRun = await run(appUrl);
    const ratio = appRun.measured.requestsPerSecond / baseRun.measured.requestsPerSecond;
    const busyRatio = busyRun.measured.requestsPerSecond / baseRun.measured.requestsPerSecond;
    const met = ratio >= TARGET_RATIO && appRun.measured.p99 < TARGET_P99_MS;
    console.log(`measured ${duration} s each (after ${WARMUP_SECONDS} s of warm-up), same autocannon settings:`);
    report([
      describe('baseline (node:http + Map)', baseRun.measured),
      `CPU during the baseline run: ${baseRun.cpu}`,
      describe('app, capture on', appRun.measured),
      `CPU during the app run: ${appRun.cpu}`,
      describe('app, ingestion running too', busyRun.measured),
      `CPU during the app + ingestion run: ${busyRun.cpu}`,
      `ratio app/baseline req/s: ${ratio.toFixed(2)}  app p99: ${appRun.measured.p99.toFixed(2)} ms`,
      `ratio with ingestion on the same cores: ${busyRatio.toFixed(2)}  p99: ${busyRun.measured.p99.toFixed(2)} ms`,
      `target ratio >= ${TARGET_RATIO} and p99 < ${TARGET_P99_MS} ms on ${cpus().length} cores: ${met ? 'met' : 'NOT met'}`,
    ]);

    const runs = [appRun, busyRun];
    const redirects = runs.reduce((sum, r) => sum + r.warmup.redirects + r.measured.redirects, checkClicks);
    const drainStarted = performance.now();
    const drained = await waitForDrain(redis, streamKey, 180_000);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const { rows } = await monitor.query<{ clicks: number; counted: number; human: number; located: number }>(
      `SELECT (SELECT count(*)::int FROM clicks) AS clicks,
              (SELECT sum(human_clicks + bot_clicks + qr_scans)::int FROM messages) AS counted,
              (SELECT count(*)::int FROM clicks WHERE click_class = 'human') AS human,
              (SELECT count(*)::int FROM clicks WHERE country IS NOT NULL) AS located`,
    );
    const [{ clicks, counted, human, located }] = rows;
    const pass = drained && clicks === redirects && counted === clicks;
    console.log('clicks persisted by the worker:');
    report([
      `click stream ${drained ? `drained ${drainSeconds.toFixed(1)} s after the load ended` : 'NOT drained within 180 s'}`,
      `302 answers (warm-ups ${fmt(runs.reduce((n, r) => n + r.warmup.redirects, 0))} + measured ${fmt(runs.reduce((n, r) => n + r.measured.redirects, 0))} + check ${checkClicks}): ${fmt(redirects)}`,
      `clicks rows: ${fmt(clicks)} (human ${fmt(human)}, with a country ${fmt(located)}); message counters sum: ${fmt(counted)}`,
      `exactly once: ${pass ? 'PASS' : 'FAIL'}`,
      `load average after: ${loadAverage()}`,
    ]);
    exitCode = pass ? 0 : 1;
  } finally {
    await cleanUpRun({ children, redis, prefix, monitor, dropDatabase: () => database.drop() });
  }
  return exitCode;
}

if (process.argv.includes('--baseline-server')) {
  await serveBaseline();
} else {
  runBenchmark(main);
}
