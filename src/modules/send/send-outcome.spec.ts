import { SmsProviderError } from '../sms-provider/sms-provider.js';
import { classifySendError } from './send-outcome.js';

const providerError = (code: number | undefined, httpStatus: number | undefined, retryable: boolean, mayHaveBeenAccepted = false) =>
  new SmsProviderError(`error ${code}`, code, httpStatus, retryable, mayHaveBeenAccepted);

describe('classifySendError', () => {
  it('suppresses unsubscribed and invalid numbers instead of failing them', () => {
    expect(classifySendError(providerError(21610, 400, false))).toMatchObject({ kind: 'suppress', reason: 'provider_opted_out', code: 21610 });
    expect(classifySendError(providerError(21211, 400, false))).toMatchObject({ kind: 'suppress', reason: 'invalid_number', code: 21211 });
    expect(classifySendError(providerError(21614, 400, false))).toMatchObject({ kind: 'suppress', reason: 'invalid_number', code: 21614 });
  });

  it('fails other permanent errors with their code', () => {
    expect(classifySendError(providerError(21408, 400, false))).toMatchObject({ kind: 'fail', code: 21408 });
    expect(classifySendError(providerError(21612, 400, false))).toMatchObject({ kind: 'fail', code: 21612 });
  });

  it('retries definite rejections directly', () => {
    expect(classifySendError(providerError(20429, 429, true))).toMatchObject({ kind: 'retry', code: 20429 });
    expect(classifySendError(providerError(undefined, 429, true))).toMatchObject({ kind: 'retry' });
    expect(classifySendError(providerError(20503, 503, true))).toMatchObject({ kind: 'retry' });
    // Connection refused: the request never left.
    expect(classifySendError(providerError(undefined, undefined, true, false))).toMatchObject({ kind: 'retry' });
  });

  it('verifies with the provider when the request may have landed', () => {
    expect(classifySendError(providerError(undefined, 502, true, true))).toMatchObject({ kind: 'verify' });
    expect(classifySendError(providerError(undefined, undefined, true, true))).toMatchObject({ kind: 'verify' });
    expect(classifySendError(new Error('socket hang up'))).toMatchObject({ kind: 'verify', message: 'socket hang up' });
  });

  it('never treats a permanent rejection as possibly accepted', () => {
    expect(classifySendError(providerError(21612, 400, false))).toMatchObject({ kind: 'fail' });
  });
});
