import { randomBytes } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 62^8 ≈ 2^47.6: eight characters is the shortest code that carries the required 47 bits. */
export const SHORT_CODE_LENGTH = 8;

/**
 * Bytes at or above this are rejected: 248 = 4 * 62, so `byte % 62` of an
 * accepted byte is uniform. Taking `% 62` of every byte would favour the
 * first 8 characters.
 */
const REJECT_FROM = 256 - (256 % BASE62_ALPHABET.length);

export type RandomSource = (size: number) => Uint8Array;

/**
 * `count` random base62 codes of `length` characters from a CSPRNG, with
 * rejection sampling so every character is uniform. Uniqueness is not
 * promised here: the links table's primary key is the arbiter.
 */
export function generateShortCodes(count: number, length = SHORT_CODE_LENGTH, random: RandomSource = randomBytes): string[] {
  const codes: string[] = new Array(count);
  const needed = count * length;
  // ~3% of bytes are rejected; ask for a little more than needed and refill if unlucky.
  let pool = random(Math.ceil(needed * 1.05) + 16);
  let index = 0;
  const chars: string[] = new Array(length);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < length; ) {
      if (index >= pool.length) {
        pool = random(Math.ceil((needed - c * length) * 1.05) + 16);
        index = 0;
      }
      const byte = pool[index++];
      if (byte < REJECT_FROM) chars[i++] = BASE62_ALPHABET[byte % 62];
    }
    codes[c] = chars.join('');
  }
  return codes;
}

export function isShortCode(value: string): boolean {
  return /^[0-9A-Za-z]{8,16}$/.test(value);
}
