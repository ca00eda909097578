import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** How long the secret replaced by a rotation keeps signing beside the new one. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 3600 * 1000;

/** `whsec_` + base64 of 32 random bytes: the form Standard Webhooks libraries take as is. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface EndpointSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets a delivery is signed with now: the current one, plus the previous one during its 24 h after a rotation. */
export function signingSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/**
 * The three Standard Webhooks headers. `webhook-signature` holds one `v1,<sig>`
 * per secret, space-separated (the spec's form for rotation): a receiver
 * holding either secret verifies it. The timestamp is the attempt's, so a
 * retry days later still passes the receiver's freshness check.
 */
export function signedHeaders(secrets: readonly string[], webhookId: string, at: Date, body: string): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body));
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
