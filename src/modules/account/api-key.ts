import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sk_<lookupId>_<secret>`. The lookup id finds the row;
 * only an scrypt hash of the secret is stored.
 */
const PREFIX = 'sk';
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

export interface GeneratedApiKey {
  key: string;
  lookupId: string;
  secret: string;
}

export function generateApiKey(): GeneratedApiKey {
  const lookupId = randomBytes(9).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  return { key: `${PREFIX}_${lookupId}_${secret}`, lookupId, secret };
}

/** Splits a presented key; null when it cannot be one of ours. */
export function parseApiKey(key: string): { lookupId: string; secret: string } | null {
  const match = /^sk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{32})$/.exec(key);
  return match ? { lookupId: match[1], secret: match[2] } : null;
}

function scryptAsync(secret: string, salt: Buffer, N: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, length, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), Number(N), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}
