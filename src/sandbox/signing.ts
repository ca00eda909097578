import twilio from 'twilio';
import type { WebhookProxy } from './sandbox-options.js';

export interface WebhookAnswer {
  status: number;
  body: string;
}

/** X-Twilio-Signature for a form POST, computed by the SDK's own helper so it matches what the app validates. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Where a webhook really goes: through the proxy when its URL is under the proxy's public base URL. */
export function deliveryUrl(url: string, proxy: WebhookProxy | undefined): string {
  if (!proxy) return url;
  const publicBase = proxy.publicBaseUrl.replace(/\/+$/, '');
  if (url !== publicBase && !url.startsWith(`${publicBase}/`) && !url.startsWith(`${publicBase}?`)) return url;
  return proxy.targetBaseUrl.replace(/\/+$/, '') + url.slice(publicBase.length);
}

/**
 * POSTs a form-encoded webhook the way Twilio does, signed for the URL Twilio
 * was given (even when a proxy delivers it elsewhere); throws on network
 * errors and timeouts.
 */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  timeoutMs: number,
  proxy?: WebhookProxy,
): Promise<WebhookAnswer> {
  const response = await fetch(deliveryUrl(url, proxy), {
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
