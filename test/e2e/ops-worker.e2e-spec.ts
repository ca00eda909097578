import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createWorkerContext } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { MetricsService } from '../../src/modules/metrics/metrics.service.js';
import { WorkerMetricsServer } from '../../src/modules/metrics/worker-metrics.server.js';
import { createSuiteDatabase } from '../utils/databases.js';
import { TEST_REDIS_URL } from '../utils/test-app.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A worker-only process (APP_ROLE=worker) has no API, so its metrics come from METRICS_PORT. */
describe('worker-only process metrics (e2e)', () => {
  let worker: INestApplicationContext;
  let drop: () => Promise<void>;
  let port: number;
  const prefix = `t_opsworker_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const database = await createSuiteDatabase('ops_worker');
    drop = database.drop;
    port = await freePort();
    worker = await createWorkerContext(
      loadConfig({
        NODE_ENV: 'test',
        APP_ROLE: 'worker',
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        HOST: '127.0.0.1',
        METRICS_PORT: String(port),
        LOG_LEVEL: 'error',
      }),
    );
  });

  afterAll(async () => {
    await worker?.close();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.unlink(...keys);
    redis.disconnect();
    await drop?.();
  });

  it('serves the same registry on METRICS_PORT, with queue gauges', async () => {
    expect(worker.get(WorkerMetricsServer).port).toBe(port);
    worker.get(MetricsService).messagesSent.inc({ outcome: 'sent' }, 3);

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('smslinks_send_attempts_total{outcome="sent"} 3');
    expect(text).toMatch(/^smslinks_queue_jobs\{queue="send",state="waiting"\} 0$/m);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers liveness and refuses other paths', async () => {
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    expect((await fetch(`http://127.0.0.1:${port}/v1/campaigns`)).status).toBe(404);
  });
});
