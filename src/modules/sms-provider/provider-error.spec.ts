import { isRetryableAnswer, toSmsProviderError } from './provider-error.js';
import { SmsProviderError } from './sms-provider.js';

/** Shaped like the SDK's RestException (status + Twilio code). */
const restException = (status: number, code?: number) => Object.assign(new Error(`HTTP ${status}`), { status, code });
/** Shaped like an axios network error (no HTTP status, a system error code). */
const networkError = (code: string) => Object.assign(new Error(code), { code, isAxiosError: true });

describe('toSmsProviderError', () => {
  it.each([21211, 21610, 21408, 21614, 21612, 21602, 21617])('treats 400 / %i as permanent', (code) => {
    expect(toSmsProviderError(restException(400, code))).toMatchObject({ code, httpStatus: 400, retryable: false, mayHaveBeenAccepted: false });
  });

  it('treats authentication and not-found answers as permanent', () => {
    expect(toSmsProviderError(restException(401, 20003))).toMatchObject({ retryable: false });
    expect(toSmsProviderError(restException(404, 20404))).toMatchObject({ retryable: false });
  });

  it.each([
    [429, 20429],
    [429, undefined],
    [503, 20503],
    [500, 20500],
    [502, undefined],
    [408, undefined],
  ])('retries HTTP %i (code %s)', (status, code) => {
    expect(toSmsProviderError(restException(status, code))).toMatchObject({ httpStatus: status, code, retryable: true });
  });

  it('retries code 20429 whatever the HTTP status', () => {
    expect(toSmsProviderError(restException(400, 20429)).retryable).toBe(true);
  });

  it('flags server errors and timeouts as possibly accepted, throttling and 503 as not', () => {
    for (const status of [500, 501, 502, 504, 520, 408]) expect(toSmsProviderError(restException(status)).mayHaveBeenAccepted).toBe(true);
    expect(toSmsProviderError(restException(503)).mayHaveBeenAccepted).toBe(false);
    expect(toSmsProviderError(restException(429, 20429)).mayHaveBeenAccepted).toBe(false);
  });

  it('retries network errors without an HTTP status', () => {
    const reset = toSmsProviderError(networkError('ECONNRESET'));
    expect(reset).toMatchObject({ httpStatus: undefined, code: undefined, retryable: true, mayHaveBeenAccepted: true });
    expect(reset.message).toContain('ECONNRESET');
    expect(toSmsProviderError(networkError('ECONNABORTED'))).toMatchObject({ retryable: true, mayHaveBeenAccepted: true });
  });

  it('knows a refused connection cannot have been accepted', () => {
    expect(toSmsProviderError(networkError('ECONNREFUSED'))).toMatchObject({ retryable: true, mayHaveBeenAccepted: false });
    expect(toSmsProviderError(networkError('ENOTFOUND'))).toMatchObject({ retryable: true, mayHaveBeenAccepted: false });
  });

  it('treats unexpected errors (our bugs) as permanent', () => {
    expect(toSmsProviderError(new TypeError('boom'))).toMatchObject({ retryable: false, httpStatus: undefined });
    expect(toSmsProviderError('a string')).toBeInstanceOf(SmsProviderError);
  });

  it('passes SmsProviderError through untouched', () => {
    const original = new SmsProviderError('x', 1, 400, false);
    expect(toSmsProviderError(original)).toBe(original);
  });
});

describe('isRetryableAnswer', () => {
  it('separates transient from permanent answers', () => {
    expect([429, 500, 503, 408].map((s) => isRetryableAnswer(s, undefined))).toEqual([true, true, true, true]);
    expect([400, 401, 403, 404].map((s) => isRetryableAnswer(s, undefined))).toEqual([false, false, false, false]);
  });
});
