import { createHash, randomBytes } from 'node:crypto';

/** A source of randomness in [0, 1) plus hex strings; seeded sources repeat exactly. */
export interface RandomSource {
  next(): number;
  hex(length: number): string;
}

/**
 * A repeatable stream derived from a seed and a key (e.g. "seed|+15551234567|0"),
 * so the outcome of one message does not depend on the order others arrive in.
 * Unseeded sandboxes use crypto randomness.
 */
export function randomFor(seed: string | undefined, key: string): RandomSource {
  if (seed === undefined) return cryptoRandom();
  let block = createHash('sha256').update(`${seed}|${key}`).digest();
  let offset = 0;
  const byte = () => {
    if (offset >= block.length) {
      block = createHash('sha256').update(block).digest();
      offset = 0;
    }
    return block[offset++];
  };
  return {
    next() {
      // 48 random bits -> a float in [0, 1).
      let value = 0;
      for (let i = 0; i < 6; i++) value = value * 256 + byte();
      return value / 2 ** 48;
    },
    hex(length) {
      let out = '';
      while (out.length < length) out += byte().toString(16).padStart(2, '0');
      return out.slice(0, length);
    },
  };
}

function cryptoRandom(): RandomSource {
  return {
    next: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
    hex: (length) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
  };
}

/** An integer in [min, max], inclusive. */
export function between(random: RandomSource, [min, max]: [number, number]): number {
  return Math.floor(min + random.next() * (max - min + 1));
}
