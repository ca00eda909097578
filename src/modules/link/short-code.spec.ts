import { BASE62_ALPHABET, generateShortCodes, isShortCode, SHORT_CODE_LENGTH } from './short-code.js';

describe('generateShortCodes', () => {
  it('makes codes of 8 base62 characters, at least 47 bits each', () => {
    const codes = generateShortCodes(1000);
    expect(codes).toHaveLength(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Za-z]{8}$/);
    expect(SHORT_CODE_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(47);
    expect(codes.every(isShortCode)).toBe(true);
  });

  it('does not repeat itself in 100k codes', () => {
    const codes = generateShortCodes(100_000);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('spreads characters uniformly over the alphabet (chi-square)', () => {
    const counts = new Map<string, number>();
    for (const code of generateShortCodes(20_000)) for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (20_000 * 8) / 62;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 61 degrees of freedom: p ≈ 1e-5 at 125, so this is not flaky; a plain modulo (no rejection) gives ~1000 here.
    expect(chiSquare).toBeLessThan(125);
  });

  it('rejects bytes >= 248 instead of folding them onto the first characters', () => {
    // 248..255 would map to '0'..'7' with a plain modulo; they must be skipped.
    const bytes = [248, 255, 0, 249, 61, 62, 123, 247, 250, 1, 2, 3];
    let offset = 0;
    const source = (size: number) => {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i++) out[i] = bytes[(offset + i) % bytes.length];
      offset += size;
      return out;
    };
    const [code] = generateShortCodes(1, 8, source);
    expect(code).toBe([0, 61, 62, 123, 247, 1, 2, 3].map((b) => BASE62_ALPHABET[b % 62]).join(''));
  });

  it('refills its random pool when too many bytes are rejected', () => {
    let calls = 0;
    const source = (size: number) => {
      calls++;
      // First pool is all rejects, later pools are fine.
      return new Uint8Array(size).fill(calls === 1 ? 255 : 5);
    };
    expect(generateShortCodes(2, 8, source)).toEqual(['55555555', '55555555']);
    expect(calls).toBeGreaterThan(1);
  });

  it('honours a longer length', () => {
    expect(generateShortCodes(3, 12).every((c) => c.length === 12)).toBe(true);
  });
});
