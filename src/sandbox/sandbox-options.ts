/**
 * How the sandbox behaves. Every knob has a default that looks like a healthy
 * Twilio account; tests and demos turn on delays, failures and disorder.
 */
export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  host: string;
  /** The account the SDK must authenticate as (HTTP basic auth: account SID + auth token). */
  accountSid: string;
  authToken: string;
  /** Where deliverInbound() posts incoming SMS (the app's /webhooks/twilio/inbound). */
  inboundWebhookUrl: string | undefined;
  /** Delay between acceptance and the `sent` callback, in ms [min, max]. */
  sentDelayMs: [number, number];
  /** Delay between `sent` and the final callback (delivered / undelivered / failed), in ms [min, max]. */
  finalDelayMs: [number, number];
  /** Share of accepted messages that end `undelivered` (0..1). */
  undeliveredRate: number;
  /** Share of accepted messages that end `failed` (0..1). */
  failedRate: number;
  /** Probability that the final callback arrives before `sent` (0..1), as carriers sometimes do. */
  outOfOrderRate: number;
  /** Makes every random choice (sids, outcomes, delays) repeatable. Unset: truly random. */
  seed: string | undefined;
  /** Extra attempts for a status callback that fails (network error or non-2xx). */
  callbackRetries: number;
  /** Wait before retrying a failed status callback, in ms. */
  callbackRetryDelayMs: number;
  /** Timeout of one callback POST, in ms. */
  callbackTimeoutMs: number;
  /** Artificial latency of every Twilio API answer, in ms (simulates a slow provider). */
  apiLatencyMs: number;
  /** Numbers a Messaging Service (MG...) sends from; one is picked per recipient. */
  messagingServiceNumbers: string[];
  /**
   * Acts as a reverse proxy in front of the app: webhooks addressed to
   * publicBaseUrl are signed for that public URL (as Twilio signs what it
   * calls) but delivered to targetBaseUrl. Tests of PUBLIC_BASE_URL behind a
   * proxy use it.
   */
  webhookProxy: WebhookProxy | undefined;
}

export interface WebhookProxy {
  publicBaseUrl: string;
  targetBaseUrl: string;
}

export const DEFAULT_SANDBOX_OPTIONS: SandboxOptions = {
  port: 3099,
  host: '127.0.0.1',
  // Same defaults as AppConfig, so `npm run sandbox` + `npm start` work together untouched.
  accountSid: 'AC00000000000000000000000000000000',
  authToken: 'sandbox-auth-token',
  inboundWebhookUrl: undefined,
  sentDelayMs: [200, 800],
  finalDelayMs: [500, 2000],
  undeliveredRate: 0,
  failedRate: 0,
  outOfOrderRate: 0,
  seed: undefined,
  callbackRetries: 2,
  callbackRetryDelayMs: 200,
  callbackTimeoutMs: 5000,
  apiLatencyMs: 0,
  messagingServiceNumbers: ['+15005550006'],
  webhookProxy: undefined,
};

/** Options that may be unset again: passing undefined (or null over HTTP) clears them. */
const CLEARABLE = new Set(['inboundWebhookUrl', 'seed', 'webhookProxy']);

/**
 * Merges a partial update into options, checking ranges so a typo fails
 * loudly instead of misbehaving. Undefined leaves a setting as it is, except
 * for the clearable ones above.
 */
export function mergeOptions(current: SandboxOptions, update: Partial<SandboxOptions>): SandboxOptions {
  const next = { ...current } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(update)) {
    if (!(key in DEFAULT_SANDBOX_OPTIONS)) throw new Error(`Unknown sandbox option: ${key}`);
    if (value !== undefined && value !== null) next[key] = value;
    else if (CLEARABLE.has(key)) next[key] = undefined;
  }
  return checked(next as unknown as SandboxOptions);
}

function checked(next: SandboxOptions): SandboxOptions {
  for (const key of ['undeliveredRate', 'failedRate', 'outOfOrderRate'] as const) {
    if (!(next[key] >= 0 && next[key] <= 1)) throw new Error(`${key} must be between 0 and 1`);
  }
  if (next.undeliveredRate + next.failedRate > 1) throw new Error('undeliveredRate + failedRate must not exceed 1');
  for (const key of ['sentDelayMs', 'finalDelayMs'] as const) {
    const range = next[key];
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] >= 0) || !(range[1] >= range[0])) {
      throw new Error(`${key} must be [min, max] with 0 <= min <= max`);
    }
  }
  for (const key of ['callbackRetries', 'callbackRetryDelayMs', 'callbackTimeoutMs', 'apiLatencyMs'] as const) {
    if (!(Number.isFinite(next[key]) && next[key] >= 0)) throw new Error(`${key} must be a number >= 0`);
  }
  if (next.webhookProxy && !(isUrl(next.webhookProxy.publicBaseUrl) && isUrl(next.webhookProxy.targetBaseUrl))) {
    throw new Error('webhookProxy needs publicBaseUrl and targetBaseUrl as http(s) URLs');
  }
  if (!next.messagingServiceNumbers.length) throw new Error('messagingServiceNumbers must name at least one number');
  return next;
}

function isUrl(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\/[^/]/.test(value);
}

/** Reads SANDBOX_* (and the shared TWILIO_*) environment variables for `npm run sandbox`. */
export function optionsFromEnv(env: Record<string, string | undefined>): Partial<SandboxOptions> {
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const range = (name: string): [number, number] | undefined => {
    const value = env[name];
    if (!value) return undefined;
    const [min, max = min] = value.split(/[-,]/).map((part) => Number(part.trim()));
    return [min, max];
  };
  return {
    port: number('SANDBOX_PORT'),
    host: env.SANDBOX_HOST || undefined,
    accountSid: env.TWILIO_ACCOUNT_SID || undefined,
    authToken: env.TWILIO_AUTH_TOKEN || undefined,
    inboundWebhookUrl: env.SANDBOX_INBOUND_WEBHOOK_URL || undefined,
    sentDelayMs: range('SANDBOX_SENT_DELAY_MS'),
    finalDelayMs: range('SANDBOX_FINAL_DELAY_MS'),
    undeliveredRate: number('SANDBOX_UNDELIVERED_RATE'),
    failedRate: number('SANDBOX_FAILED_RATE'),
    outOfOrderRate: number('SANDBOX_OUT_OF_ORDER_RATE'),
    seed: env.SANDBOX_SEED || undefined,
    callbackRetries: number('SANDBOX_CALLBACK_RETRIES'),
    callbackRetryDelayMs: number('SANDBOX_CALLBACK_RETRY_DELAY_MS'),
    apiLatencyMs: number('SANDBOX_API_LATENCY_MS'),
    messagingServiceNumbers: env.SANDBOX_MESSAGING_SERVICE_NUMBERS?.split(',').map((n) => n.trim()),
  };
}
