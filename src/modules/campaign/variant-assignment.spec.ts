import { randomUUID } from 'node:crypto';
import { assignmentBucket, hash32, variantPicker } from './variant-assignment.js';

const campaignId = '0193a2b4-0000-7000-8000-000000000001';
const recipients = Array.from({ length: 40_000 }, () => randomUUID());

function tally(pick: (id: string) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of recipients) counts.set(pick(id), (counts.get(pick(id)) ?? 0) + 1);
  return counts;
}

describe('variant assignment', () => {
  it('is deterministic for a campaign and recipient', () => {
    const pick = variantPicker(campaignId, [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }]);
    const again = variantPicker(campaignId, [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }]);
    for (const id of recipients.slice(0, 1000)) expect(again(id)).toBe(pick(id));
    expect(hash32('abc')).toBe(hash32('abc'));
  });

  it('depends on the campaign, so recipients are not always in the same arm', () => {
    const variants = [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }];
    const first = variantPicker(campaignId, variants);
    const second = variantPicker('0193a2b4-0000-7000-8000-000000000002', variants);
    const differ = recipients.slice(0, 2000).filter((id) => first(id) !== second(id)).length;
    expect(differ).toBeGreaterThan(800);
    expect(differ).toBeLessThan(1200);
  });

  it('splits 50/50 weights evenly (within 2%)', () => {
    const counts = tally(variantPicker(campaignId, [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }]));
    expect(Math.abs(counts.get('A')! / recipients.length - 0.5)).toBeLessThan(0.02);
  });

  it('follows unequal weights 70/20/10', () => {
    const counts = tally(
      variantPicker(campaignId, [
        { key: 'A', weight: 7 },
        { key: 'B', weight: 2 },
        { key: 'C', weight: 1 },
      ]),
    );
    expect(counts.get('A')! / recipients.length).toBeCloseTo(0.7, 1);
    expect(counts.get('B')! / recipients.length).toBeCloseTo(0.2, 1);
    expect(counts.get('C')! / recipients.length).toBeCloseTo(0.1, 1);
    expect(Math.abs(counts.get('C')! / recipients.length - 0.1)).toBeLessThan(0.01);
  });

  it('spreads sequential ids (hash avalanche)', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const bucket = assignmentBucket(campaignId, `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, 4);
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(Math.abs(n - 2500)).toBeLessThan(200);
  });

  it('always picks the only variant', () => {
    const pick = variantPicker(campaignId, [{ key: 'only', weight: 5 }]);
    expect(pick(recipients[0])).toBe('only');
  });

  it('refuses bad weights and empty lists', () => {
    expect(() => variantPicker(campaignId, [])).toThrow();
    expect(() => variantPicker(campaignId, [{ key: 'A', weight: 0 }])).toThrow(/weight/);
  });
});
