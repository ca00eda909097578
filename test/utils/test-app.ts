import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { createHttpApp } from '../../src/bootstrap.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { AccountService } from '../../src/modules/account/account.service.js';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { createSuiteDatabase } from './databases.js';
import { startTestSandbox, type SandboxOptions, type SandboxServer } from './sandbox.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** http://127.0.0.1:<port> of the running app. */
  baseUrl: string;
  /** The suite's Twilio sandbox: the app's TWILIO_API_BASE_URL points at it; inbound SMS go to this app. */
  sandbox: SandboxServer;
  /** Creates an account and returns its Authorization header. */
  createAccount(name?: string, defaultCountry?: string): Promise<{ accountId: string; apiKey: string; auth: { authorization: string } }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Sandbox behaviour for this suite, over the fast failure-free test defaults (FAST_SANDBOX_OPTIONS). */
  sandbox?: Partial<SandboxOptions>;
}

/**
 * Boots the real app (HTTP + workers) on a random port, over its own cloned
 * database and its own Redis key prefix, with its own Twilio sandbox.
 */
export async function createTestApp(label: string, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const twilioDefaults = new AppConfig();
  // The sandbox and the app share the account and token, as Twilio and a real deployment do.
  const sandbox = await startTestSandbox({
    accountSid: env.TWILIO_ACCOUNT_SID ?? twilioDefaults.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN ?? twilioDefaults.TWILIO_AUTH_TOKEN,
    ...options.sandbox,
  });
  try {
    return await bootTestApp(label, env, sandbox);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

async function bootTestApp(label: string, env: Record<string, string>, sandbox: SandboxServer): Promise<TestApp> {
  const database = await createSuiteDatabase(label);
  const prefix = `t_${label.replace(/[^A-Za-z0-9]/g, '')}_${randomBytes(4).toString('hex')}`;
  const baseEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    PORT: '0',
    HOST: '127.0.0.1',
    TWILIO_API_BASE_URL: sandbox.url,
    ...env,
  };
  // The public URLs must name the real port, which is only known after listen: listen first, then fix them up.
  let config = loadConfig(baseEnv);
  const app = await createHttpApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  config = app.get(AppConfig);
  if (!env.PUBLIC_BASE_URL) config.PUBLIC_BASE_URL = baseUrl;
  if (!env.SHORT_LINK_BASE_URL) config.SHORT_LINK_BASE_URL = baseUrl;
  config.PORT = port;
  sandbox.setInboundWebhookUrl(`${baseUrl}/webhooks/twilio/inbound`);

  return {
    app,
    config,
    prisma: app.get(PrismaService),
    baseUrl,
    sandbox,
    async createAccount(name = 'Test account', defaultCountry = 'US') {
      const created = await app.get(AccountService).createAccount({ name, defaultCountry });
      return { ...created, auth: { authorization: `Bearer ${created.apiKey}` } };
    },
    async close() {
      await app.close();
      await sandbox.close();
      await deleteRedisPrefix(prefix);
      await database.drop();
    },
  };
}

async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a truthy value (queues are asynchronous); fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 20_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
