import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE, parseRetrySchedule } from '../modules/webhook/retry-schedule.js';
import { trustedProxyCheck, TrustedProxyListError } from './trusted-proxies.js';

const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/**
 * Every setting the app reads, with defaults that work on a developer machine.
 * This is the only place that reads process.env.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /**
   * all = HTTP + workers in one process; api = HTTP only; worker = queues and
   * click ingestion only; redirect = the short-link host alone (GET /{code},
   * /health, /metrics), to scale the hot path apart.
   */
  @IsIn(['all', 'api', 'worker', 'redirect'])
  APP_ROLE: 'all' | 'api' | 'worker' | 'redirect' = 'all';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/smslinks';

  @IsInt() @Min(1) @Max(200) @Transform(toNumber)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  /** Prefix for every BullMQ key, so several deployments (or test suites) share one Redis. */
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ . -' })
  QUEUE_PREFIX = 'smslinks';

  @IsInt() @Min(0) @Max(65535) @Transform(toNumber)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Which proxies may set X-Forwarded-For (the client IP of a click comes from
   * it): true, false, a hop count, or a comma-separated list of addresses,
   * CIDRs and the names loopback, linklocal, uniquelocal.
   */
  @Matches(/^(true|false|\d{1,2}|[0-9A-Za-z.:/, _-]+)$/, { message: 'TRUST_PROXY must be true, false, a hop count or a list of addresses/CIDRs' })
  TRUST_PROXY = 'loopback,uniquelocal';

  /** Base URL Twilio calls back; status callback URLs and signature checks use it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Short-link host as recipients see it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  SHORT_LINK_BASE_URL = 'http://localhost:3000';

  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID = 'AC00000000000000000000000000000000';

  @IsString()
  TWILIO_AUTH_TOKEN = 'sandbox-auth-token';

  /** Where the Twilio SDK sends API calls (the sandbox); unset means api.twilio.com. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  TWILIO_API_BASE_URL?: string;

  @Matches(/^[A-Z]{2}$/, { message: 'DEFAULT_COUNTRY must be an ISO 3166 alpha-2 code such as US' })
  DEFAULT_COUNTRY = 'US';

  /** Messages per second per sender when a campaign sets none. */
  @IsInt() @Min(1) @Max(10000) @Transform(toNumber)
  SENDER_MPS = 10;

  @IsInt() @Min(1) @Max(500) @Transform(toNumber)
  SEND_CONCURRENCY = 20;

  /** Recipients materialised per launch transaction (messages + links committed, then send jobs enqueued). */
  @IsInt() @Min(100) @Max(50000) @Transform(toNumber)
  LAUNCH_CHUNK_SIZE = 10000;

  /** Opt-outs are attributed to the latest message sent within this many days. */
  @IsInt() @Min(1) @Max(90) @Transform(toNumber)
  OPT_OUT_ATTRIBUTION_DAYS = 7;

  /** A message left in `sending` this long is reconciled against the provider. */
  @IsInt() @Min(5) @Max(86400) @Transform(toNumber)
  SEND_RECONCILE_AFTER_SECONDS = 120;

  /** Lets outbound webhooks reach loopback, private, link-local and other non-public addresses (tests, on-premise CRMs). */
  @IsBoolean() @Transform(toBool)
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /**
   * Delay before each delivery attempt of an outbound webhook, comma-separated
   * durations (ms, s, m, h, d): the first is the wait before the first attempt,
   * the n-th the wait after the (n-1)-th failure; its length is the attempt count.
   * Checked in loadConfig by parseRetrySchedule, the one definition of the format.
   */
  @IsString()
  WEBHOOK_RETRY_SCHEDULE = DEFAULT_WEBHOOK_RETRY_SCHEDULE;

  /** One delivery attempt may take this long (connect to end of response) before it counts as failed. */
  @IsInt() @Min(100) @Max(60_000) @Transform(toNumber)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** An endpoint whose attempts failed without a single success for this long is disabled (120 h = 5 days). */
  @IsNumber() @Min(0.001) @Max(8760) @Transform(toNumber)
  WEBHOOK_DISABLE_AFTER_HOURS = 120;

  /** How often a worker looks for new webhook events to fan out to endpoints. */
  @IsInt() @Min(50) @Max(60_000) @Transform(toNumber)
  WEBHOOK_FANOUT_INTERVAL_MS = 1_000;

  /** Delivery attempts a worker process runs at once. */
  @IsInt() @Min(1) @Max(500) @Transform(toNumber)
  WEBHOOK_DELIVERY_CONCURRENCY = 20;

  /** Resolved links kept in each HTTP process's memory (LRU), in front of Redis. */
  @IsInt() @Min(0) @Max(10_000_000) @Transform(toNumber)
  LINK_CACHE_SIZE = 100_000;

  /** How long a process may serve a link from memory before asking Redis again. */
  @IsInt() @Min(1) @Max(3600) @Transform(toNumber)
  LINK_CACHE_TTL_SECONDS = 60;

  /** Links stay in Redis this many days after launch (or after expiry), then resolve from PostgreSQL. */
  @IsInt() @Min(1) @Max(3650) @Transform(toNumber)
  LINK_REDIS_TTL_DAYS = 30;

  /** Unknown-code (404) requests allowed per client IP per minute before 429s: slows code enumeration. */
  @IsInt() @Min(1) @Max(1_000_000) @Transform(toNumber)
  NOT_FOUND_LIMIT_PER_MINUTE = 60;

  /** How click IPs are stored after the geo lookup: truncate (IPv4 /24, IPv6 /48), full, or none. */
  @IsIn(['truncate', 'full', 'none'])
  CLICK_IP_STORAGE: 'truncate' | 'full' | 'none' = 'truncate';

  /** A click less than this many seconds after the delivery receipt carries the timing signal (a signal, never a bot verdict). */
  @IsInt() @Min(0) @Max(3600) @Transform(toNumber)
  CLICK_TIMING_SIGNAL_SECONDS = 5;

  /** Click events persisted per PostgreSQL statement by the ingest consumer. */
  @IsInt() @Min(1) @Max(10_000) @Transform(toNumber)
  CLICK_INGEST_BATCH = 1000;

  /**
   * Consumers per worker process. Each persists one batch at a time; two let
   * Node enrich one batch while PostgreSQL stores the other.
   */
  @IsInt() @Min(1) @Max(16) @Transform(toNumber)
  CLICK_INGEST_CONSUMERS = 2;

  /** A click event left unacknowledged this long by a dead consumer is claimed by a live one. */
  @IsInt() @Min(1) @Max(86_400) @Transform(toNumber)
  CLICK_INGEST_CLAIM_AFTER_SECONDS = 30;

  /**
   * GeoIP database for click country and city: unset = the bundled DB-IP City
   * Lite (IPv4 + IPv6), a path = a MaxMind GeoIP2/GeoLite2 City .mmdb file,
   * `off` = no geo lookup.
   */
  @IsOptional() @IsString()
  GEOIP_CITY_DB?: string;

  /**
   * Built dashboard assets (`npm run build` writes them to dist/dashboard),
   * served at /dashboard; relative paths are from the working directory.
   */
  @IsString()
  DASHBOARD_DIR = 'dist/dashboard';

  /** The live click feed (server-sent events) writes a comment this often so that proxies keep an idle stream open. */
  @IsInt() @Min(1) @Max(300) @Transform(toNumber)
  LIVE_FEED_HEARTBEAT_SECONDS = 15;

  /** Live click feed streams one HTTP process holds open at once; past it a new one gets 503. */
  @IsInt() @Min(1) @Max(100_000) @Transform(toNumber)
  LIVE_FEED_MAX_STREAMS = 1000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsBoolean() @Transform(toBool)
  LOG_PRETTY = false;

  /** Worker-only processes (APP_ROLE=worker) serve /metrics and /health/live on this port; 0 = off. */
  @IsInt() @Min(0) @Max(65535) @Transform(toNumber)
  METRICS_PORT = 0;

  /** WEBHOOK_RETRY_SCHEDULE in milliseconds (validated at load). */
  get webhookRetryScheduleMs(): number[] {
    return parseRetrySchedule(this.WEBHOOK_RETRY_SCHEDULE);
  }

  get runsHttp(): boolean {
    return this.APP_ROLE !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.APP_ROLE === 'all' || this.APP_ROLE === 'worker';
  }

  /** The /v1 API and the Twilio webhooks: every HTTP role but the redirect-only one. */
  get runsApi(): boolean {
    return this.APP_ROLE === 'all' || this.APP_ROLE === 'api';
  }

  /** TRUST_PROXY in the shape Fastify's trustProxy option takes. */
  get trustProxy(): boolean | ((address: string, hop: number) => boolean) {
    const value = this.TRUST_PROXY.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      return (_address, hop) => hop < hops;
    }
    return trustedProxyCheck(value.split(',').map((part) => part.trim()).filter(Boolean));
  }
}

export class ConfigValidationError extends Error {}

/** Builds the config from an environment, failing fast with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (!errors.some((e) => e.property === 'TRUST_PROXY')) {
    try {
      void config.trustProxy;
    } catch (error) {
      if (!(error instanceof TrustedProxyListError)) throw error;
      problems.push(error.message);
    }
  }
  if (!errors.some((e) => e.property === 'WEBHOOK_RETRY_SCHEDULE')) {
    try {
      void config.webhookRetryScheduleMs;
    } catch (error) {
      problems.push(`WEBHOOK_RETRY_SCHEDULE: must be 1 to 50 comma-separated durations such as 0,5s,5m,2h (${(error as Error).message})`);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}
