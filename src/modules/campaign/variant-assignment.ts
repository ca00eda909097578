/**
 * Deterministic A/B assignment: the same campaign and recipient always land in
 * the same variant, so a re-run of a crashed launch assigns exactly as before.
 */

export interface WeightedVariant {
  key: string;
  weight: number;
}

/** 32-bit FNV-1a followed by murmur3's finaliser, so nearby ids spread over the whole range. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bucket in [0, totalWeight) for this recipient of this campaign. */
export function assignmentBucket(campaignId: string, recipientId: string, totalWeight: number): number {
  return Math.floor((hash32(`${campaignId}:${recipientId}`) / 0x1_0000_0000) * totalWeight);
}

/** A reusable picker: precomputes cumulative weights once per campaign. */
export function variantPicker(campaignId: string, variants: readonly WeightedVariant[]): (recipientId: string) => string {
  if (variants.length === 0) throw new Error('variantPicker: no variants');
  const upperBounds: number[] = [];
  let total = 0;
  for (const variant of variants) {
    if (!Number.isInteger(variant.weight) || variant.weight < 1) throw new Error(`variantPicker: bad weight for ${variant.key}`);
    total += variant.weight;
    upperBounds.push(total);
  }
  const keys = variants.map((v) => v.key);
  if (keys.length === 1) return () => keys[0];
  return (recipientId) => {
    const bucket = assignmentBucket(campaignId, recipientId, total);
    let i = 0;
    while (bucket >= upperBounds[i]) i++;
    return keys[i];
  };
}
