/** Twilio's REST error body: what the SDK turns into a RestException. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  toBody(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.httpStatus };
  }
}

/** Twilio's test-credential magic numbers: sending to them fails exactly like this on Twilio. */
export const MAGIC_TO_NUMBERS: Record<string, (to: string) => TwilioApiError> = {
  '+15005550001': (to) => new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
  '+15005550002': (to) =>
    new TwilioApiError(400, 21612, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number via SMS.`),
  '+15005550003': (to) =>
    new TwilioApiError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`),
  '+15005550004': (to) => new TwilioApiError(400, 21610, `Attempt to send to unsubscribed recipient ${to}`),
  '+15005550009': (to) => new TwilioApiError(400, 21614, `'To' number ${to} is not a valid mobile number`),
};

export const authenticationError = () => new TwilioApiError(401, 20003, 'Authenticate');

export const notFoundError = (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);

/** Default message for a failure injected with failNext(), by HTTP status. */
export function injectedErrorMessage(httpStatus: number): string {
  if (httpStatus === 429) return 'Too Many Requests';
  if (httpStatus === 503) return 'Service Unavailable';
  if (httpStatus >= 500) return 'Internal Server Error';
  return 'Injected failure';
}

/** Default Twilio code for an injected failure when the test names none. */
export function injectedErrorCode(httpStatus: number): number {
  if (httpStatus === 429) return 20429;
  if (httpStatus === 503) return 20503;
  if (httpStatus >= 500) return 20500;
  return 20001;
}
