import { SmsProviderError } from '../sms-provider/sms-provider.js';

/** Provider codes meaning "this phone cannot get SMS from us": counted as suppressed, not failed (metrics.md). */
const SUPPRESSING_CODES: Readonly<Record<number, SuppressionReason>> = {
  21610: 'provider_opted_out', // recipient replied STOP to this sender (Twilio's own list): also recorded as an opt-out
  21211: 'invalid_number', // not a valid phone number
  21614: 'invalid_number', // not a mobile number
};

export type SuppressionReason = 'opted_out' | 'invalid_number' | 'provider_opted_out';

/**
 * What to do after the provider call threw.
 * - retry: a definite rejection that may pass later (429, 20429, 503, never connected): back to
 *   queued, BullMQ retries with backoff.
 * - verify: the request may have reached the provider (connection lost after sending, timeout,
 *   gateway errors; SmsProviderError.mayHaveBeenAccepted): a blind retry could send twice, so ask
 *   the provider first.
 * - suppress: the phone cannot receive from us; no retry.
 * - fail: permanent error; no retry.
 */
export type SendErrorOutcome =
  | { kind: 'retry'; code?: number; message: string }
  | { kind: 'verify'; code?: number; message: string }
  | { kind: 'suppress'; reason: SuppressionReason; code: number; message: string }
  | { kind: 'fail'; code?: number; message: string };

export function classifySendError(error: unknown): SendErrorOutcome {
  if (!(error instanceof SmsProviderError)) {
    // Not the provider's typed error: we cannot know whether the request got through.
    return { kind: 'verify', message: error instanceof Error ? error.message : String(error) };
  }
  const { code, message } = error;
  const suppression = code !== undefined ? SUPPRESSING_CODES[code] : undefined;
  if (suppression) return { kind: 'suppress', reason: suppression, code: code!, message };
  if (error.mayHaveBeenAccepted) return { kind: 'verify', code, message };
  if (!error.retryable) return { kind: 'fail', code, message };
  return { kind: 'retry', code, message };
}
