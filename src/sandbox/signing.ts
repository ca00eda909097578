import twilio from 'twilio';

export interface WebhookAnswer {
  status: number;
  body: string;
}

/** X-Twilio-Signature for a form POST, computed by the SDK's own helper so it matches what the app validates. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** POSTs a form-encoded, signed webhook the way Twilio does; throws on network errors and timeouts. */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  timeoutMs: number,
): Promise<WebhookAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': twilioSignature(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1 (smslinks sandbox)',
      'i-twilio-idempotency-token': crypto.randomUUID(),
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.text() };
}
