import { Queue } from 'bullmq';
import { JobNames, Queues } from '../../src/queue/queues.js';
import { MetricsService } from '../../src/modules/metrics/metrics.service.js';
import { withAdmin } from '../utils/databases.js';
import { createTestApp, eventually, TEST_REDIS_URL, TestApp } from '../utils/test-app.js';

/** Response bodies are asserted field by field, so any is fine here. */
const json = (response: Response): Promise<any> => response.json();

/** The value of one sample line `name{labels} value` in a Prometheus text exposition, or undefined. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations endpoints (e2e)', () => {
  let t: TestApp;
  let launchQueue: Queue;
  beforeAll(async () => {
    t = await createTestApp('ops');
    launchQueue = new Queue(Queues.launch, { connection: { url: TEST_REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await launchQueue.close();
    await t.close();
  });

  it('GET /health reports database, Redis and every queue with its counts', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = await json(response);
    expect(body.status).toBe('ok');
    expect(body.details.database).toMatchObject({ status: 'up' });
    expect(body.details.redis).toMatchObject({ status: 'up' });
    expect(body.details.queues.status).toBe('up');
    for (const queue of Object.values(Queues)) {
      expect(body.details.queues[queue]).toEqual({
        waiting: expect.any(Number),
        active: expect.any(Number),
        delayed: expect.any(Number),
        failed: expect.any(Number),
      });
    }
  });

  it('GET /health/live answers without checking dependencies', async () => {
    const response = await fetch(`${t.baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('GET /health and /metrics need no API key', async () => {
    for (const path of ['/health', '/health/live', '/metrics']) {
      expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(200);
    }
  });

  it('GET /metrics exposes the app counters, process metrics and HTTP durations', async () => {
    t.app.get(MetricsService).errors.inc({ where: 'ops_e2e' }, 2);
    await fetch(`${t.baseUrl}/health/live`);

    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();

    expect(text).toContain('# TYPE smslinks_send_attempts_total counter');
    expect(text).toContain('# TYPE smslinks_provider_webhooks_total counter');
    expect(sample(text, 'smslinks_errors_total{where="ops_e2e"}')).toBe(2);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(text, 'smslinks_http_request_duration_seconds_count{method="GET",route="/health/live",status_code="200"}')).toBeGreaterThanOrEqual(1);
  });

  it('GET /metrics reads queue depth per queue and state at scrape time', async () => {
    // A launch job due in an hour: nothing processes it during the test, so it stays delayed.
    const job = await launchQueue.add(JobNames.launchCampaign, { campaignId: 'ops-e2e-never' }, { delay: 3_600_000 });
    try {
      const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
      for (const queue of Object.values(Queues)) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) {
          expect(sample(text, `smslinks_queue_jobs{queue="${queue}",state="${state}"}`)).toEqual(expect.any(Number));
        }
      }
      expect(sample(text, 'smslinks_queue_jobs{queue="launch",state="delayed"}')).toBe(1);
      expect(sample(text, 'smslinks_queue_scrape_errors{queue="launch"}')).toBe(0);

      const health = await json(await fetch(`${t.baseUrl}/health`));
      expect(health.details.queues.launch.delayed).toBe(1);
    } finally {
      await job.remove();
    }
    const after = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(sample(after, 'smslinks_queue_jobs{queue="launch",state="delayed"}')).toBe(0);
  });

  it('GET /docs serves the OpenAPI UI and /docs/json lists the routes', async () => {
    const ui = await fetch(`${t.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(await ui.text()).toMatch(/swagger/i);

    const document = await json(await fetch(`${t.baseUrl}/docs/json`));
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/live', '/metrics']));
  });
});

describe('health when PostgreSQL is gone (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('ops_down');
  });
  afterAll(() => t.close());

  it('answers 503 naming the database as down while Redis and queues stay up', async () => {
    const database = new URL(t.config.DATABASE_URL).pathname.slice(1);
    await withAdmin((admin) => admin.query(`DROP DATABASE "${database}" WITH (FORCE)`));

    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.status).toBe('error');
    expect(body.details.database).toMatchObject({ status: 'down', message: expect.stringContaining('does not exist') });
    expect(body.details.database.message).not.toContain('\n');
    expect(body.error).toHaveProperty('database');
    expect(body.details.redis.status).toBe('up');
    expect(body.details.queues.status).toBe('up');
    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
  });
});

describe("when PostgreSQL terminates the app's connections (e2e)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('ops_terminated');
  });
  afterAll(() => t.close());

  it('survives (a failover or restart ends every connection) and answers from fresh connections', async () => {
    const database = new URL(t.config.DATABASE_URL).pathname.slice(1);
    const { auth } = await t.createAccount('Failover');
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Requests in flight and the workers' own transactions (folds, fan-outs) while the server cuts them off.
      const inFlight = Array.from({ length: 5 }, () => fetch(`${t.baseUrl}/v1/analytics/overview`, { headers: auth }).then((r) => r.status));
      await withAdmin((admin) => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]));
      statuses.push(...(await Promise.all(inFlight)));
    }
    // A request whose connection was cut is told to retry (503), never handed a 500.
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    const health = await eventually(async () => ((await fetch(`${t.baseUrl}/health`)).status === 200 ? true : null));
    expect(health).toBe(true);
    expect((await fetch(`${t.baseUrl}/v1/analytics/overview`, { headers: auth })).status).toBe(200);
  });
});
