import { slugify, uniqueSlug } from './slug.js';

describe('slugify', () => {
  it('lowercases, strips accents and joins words with dashes', () => {
    expect(slugify('Black Friday — Été 2026!')).toBe('black-friday-ete-2026');
  });
  it('falls back when nothing is left', () => {
    expect(slugify('🎉🎉')).toBe('campaign');
  });
  it('caps the length without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(59)} b`);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('uniqueSlug', () => {
  it('numbers duplicates from 2', () => {
    expect(uniqueSlug('sale', new Set())).toBe('sale');
    expect(uniqueSlug('sale', new Set(['sale', 'sale-2']))).toBe('sale-3');
  });
});
