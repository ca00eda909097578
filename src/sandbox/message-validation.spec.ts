import { validateCreateMessage } from './message-validation.js';
import { TwilioApiError } from './twilio-errors.js';

const params = (fields: Record<string, string>) => new URLSearchParams(fields);
const valid = { To: '+14155550100', From: '+15005550006', Body: 'Hello' };

function rejection(fields: Record<string, string>): TwilioApiError {
  try {
    validateCreateMessage(params(fields));
  } catch (error) {
    if (error instanceof TwilioApiError) return error;
    throw error;
  }
  throw new Error('expected a TwilioApiError');
}

describe('validateCreateMessage', () => {
  it('accepts a number sender or a Messaging Service', () => {
    expect(validateCreateMessage(params({ ...valid, StatusCallback: 'http://h/cb' }))).toEqual({
      to: '+14155550100',
      from: '+15005550006',
      messagingServiceSid: null,
      body: 'Hello',
      statusCallback: 'http://h/cb',
    });
    const viaService = validateCreateMessage(params({ To: '+14155550100', MessagingServiceSid: `MG${'a'.repeat(32)}`, Body: 'Hi' }));
    expect(viaService).toMatchObject({ from: null, messagingServiceSid: `MG${'a'.repeat(32)}` });
  });

  it('accepts short codes and alphanumeric sender IDs', () => {
    expect(validateCreateMessage(params({ ...valid, From: '12345' })).from).toBe('12345');
    expect(validateCreateMessage(params({ ...valid, From: 'ACME Shop' })).from).toBe('ACME Shop');
  });

  it.each([
    [{ From: '+15005550006', Body: 'x' }, 400, 21604],
    [{ ...valid, To: '4155550100' }, 400, 21211],
    [{ To: '+14155550100', Body: 'x' }, 400, 21603],
    [{ ...valid, MessagingServiceSid: `MG${'a'.repeat(32)}` }, 400, 21603],
    [{ ...valid, From: 'not a number!' }, 400, 21212],
    [{ To: '+14155550100', MessagingServiceSid: 'MG123', Body: 'x' }, 400, 21705],
    [{ ...valid, Body: '' }, 400, 21602],
    [{ ...valid, Body: 'x'.repeat(1601) }, 400, 21617],
    [{ ...valid, To: '+15005550006' }, 400, 21266],
    [{ ...valid, StatusCallback: 'ftp://h/cb' }, 400, 21609],
  ])('rejects %j with HTTP %i / %i', (fields, status, code) => {
    const error = rejection(fields as Record<string, string>);
    expect({ status: error.httpStatus, code: error.code }).toEqual({ status, code });
    expect(error.toBody()).toEqual({ code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  });

  it('allows exactly 1600 characters', () => {
    expect(validateCreateMessage(params({ ...valid, Body: 'x'.repeat(1600) })).body).toHaveLength(1600);
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550002', 21612],
    ['+15005550003', 21408],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ])('fails the magic number %s with %i, like Twilio test credentials', (to, code) => {
    expect(rejection({ ...valid, To: to })).toMatchObject({ httpStatus: 400, code });
  });
});
