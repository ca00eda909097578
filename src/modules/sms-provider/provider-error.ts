import { SmsProviderError } from './sms-provider.js';

/** Network error codes that mean the request never reached the provider: nothing can have been accepted. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/**
 * Answers after which Twilio may have created the message anyway: any 5xx
 * except 503 (Twilio refusing new work) and a 408 timeout, since the request
 * was being processed. Retrying those blindly could send twice.
 */
function mayHaveBeenAcceptedDespite(httpStatus: number): boolean {
  return (httpStatus >= 500 && httpStatus !== 503) || httpStatus === 408;
}

/** Twilio's "too many requests" code, sometimes sent with other statuses than 429. */
const TOO_MANY_REQUESTS = 20429;

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  isAxiosError?: unknown;
}

/** Transient answers worth retrying later: throttling, server errors, timeouts. */
export function isRetryableAnswer(httpStatus: number, code: number | undefined): boolean {
  return httpStatus === 429 || httpStatus === 408 || httpStatus >= 500 || code === TOO_MANY_REQUESTS;
}

/**
 * Turns whatever the Twilio SDK threw into an SmsProviderError:
 * - RestException (an HTTP answer): keeps status and Twilio code; 429, 408,
 *   5xx and 20429 are retryable, other 4xx (21211, 21610, 21408, 21614,
 *   21612...) are permanent.
 * - Network errors (axios, no HTTP status): retryable; flagged as possibly
 *   accepted unless the connection was never made.
 * - Anything else is a bug on our side: permanent, so it is not hammered.
 */
export function toSmsProviderError(error: unknown): SmsProviderError {
  if (error instanceof SmsProviderError) return error;
  const like = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const message = typeof like.message === 'string' && like.message ? like.message : String(error);

  if (typeof like.status === 'number') {
    const code = typeof like.code === 'number' ? like.code : undefined;
    const retryable = isRetryableAnswer(like.status, code);
    const label = `Twilio answered HTTP ${like.status}${code ? ` (code ${code})` : ''}: ${message}`;
    return new SmsProviderError(label, code, like.status, retryable, mayHaveBeenAcceptedDespite(like.status));
  }

  const networkCode = typeof like.code === 'string' ? like.code : undefined;
  if (like.isAxiosError === true || networkCode) {
    const connected = !networkCode || !NEVER_CONNECTED.has(networkCode);
    return new SmsProviderError(`Network error talking to Twilio${networkCode ? ` (${networkCode})` : ''}: ${message}`, undefined, undefined, true, connected);
  }

  return new SmsProviderError(`Unexpected error calling Twilio: ${message}`, undefined, undefined, false);
}
