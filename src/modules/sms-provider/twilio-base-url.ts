/**
 * Rewrites an SDK request URI (https://api.twilio.com/..., or an edge/region
 * host such as https://api.sydney.au1.twilio.com/...) onto a base URL such as
 * the sandbox's http://127.0.0.1:3099, keeping path and query. Non-Twilio
 * hosts and an unset base URL leave the URI untouched.
 */
export function rewriteTwilioUri(uri: string, baseUrl: string | undefined): string {
  if (!baseUrl) return uri;
  const target = new URL(uri);
  if (target.hostname !== 'twilio.com' && !target.hostname.endsWith('.twilio.com')) return uri;
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}
