import { firstMatchingSegment, holdoutPicker, planChunk, prepareLaunch, renderBody } from './launch-plan.js';

const campaign = {
  id: '0193a2b4-0000-7000-8000-0000000000aa',
  segments: ['vip', 'news'],
  variants: [
    { key: 'A', body: 'Hi https://a.com/x.', weight: 1 },
    { key: 'B', body: 'Yo (https://b.com) https://a.com/x', weight: 1 },
  ],
};

let idCounter = 0;
const newId = () => `id-${++idCounter}`;
let codeCounter = 0;
const newCodes = (n: number) => Array.from({ length: n }, () => `c${String(++codeCounter).padStart(7, '0')}`);

describe('prepareLaunch', () => {
  it('indexes distinct destinations once and sizes each variant with a real-length link', () => {
    const plan = prepareLaunch(campaign, 'https://s.co/', 8);
    expect(plan.destinations).toEqual(['https://a.com/x', 'https://b.com']);
    expect(plan.variants.map((v) => v.destinationIndexes)).toEqual([[1], [2, 1]]);
    expect(plan.variants.map((v) => v.smsSegments)).toEqual([1, 1]);
    expect(plan.shortLinkBase).toBe('https://s.co/');
  });
});

describe('firstMatchingSegment', () => {
  it('follows the campaign order, not the recipient order', () => {
    expect(firstMatchingSegment(['vip', 'news'], ['news', 'vip'])).toBe('vip');
    expect(firstMatchingSegment(['vip', 'news'], ['x', 'news'])).toBe('news');
    expect(firstMatchingSegment(['vip'], ['x'])).toBeNull();
  });
});

describe('planChunk', () => {
  const plan = prepareLaunch(campaign, 'https://s.co', 8);
  const rows = Array.from({ length: 40 }, (_, i) => ({
    recipientId: `0193a2b4-0000-7000-8000-${String(i).padStart(12, '0')}`,
    phone: `+1415555${String(i).padStart(4, '0')}`,
    segments: i % 3 === 0 ? ['news'] : ['news', 'vip'],
    optedOut: i === 7,
  }));
  const chunk = planChunk(plan, rows, newId, newCodes);

  it('plans one message per row, columns aligned', () => {
    const m = chunk.messages;
    expect(m.ids).toHaveLength(40);
    for (const column of [m.recipientIds, m.phones, m.variants, m.segments, m.bodies, m.smsSegments, m.statuses, m.suppressionReasons]) {
      expect(column).toHaveLength(40);
    }
    expect(m.segments[0]).toBe('news');
    expect(m.segments[1]).toBe('vip');
  });

  it('suppresses opted-out rows with the raw body and no links', () => {
    expect(chunk.messages.statuses[7]).toBe('suppressed');
    expect(chunk.messages.suppressionReasons[7]).toBe('opted_out');
    expect(chunk.messages.bodies[7]).toBe(campaign.variants.find((v) => v.key === chunk.messages.variants[7])!.body);
    expect(chunk.links.some((l) => l.messageIndex === 7)).toBe(false);
  });

  it('gives every queued message one link per URL with its own codes, rendered in order', () => {
    const codes = new Set(chunk.links.map((l) => l.code));
    expect(codes.size).toBe(chunk.links.length);
    chunk.messages.ids.forEach((_, index) => {
      if (index === 7) return;
      const links = chunk.links.filter((l) => l.messageIndex === index);
      const variant = chunk.messages.variants[index];
      expect(links.map((l) => l.position)).toEqual(variant === 'A' ? [0] : [0, 1]);
      const [first, second] = links.map((l) => `https://s.co/${l.code}`);
      expect(chunk.messages.bodies[index]).toBe(variant === 'A' ? `Hi ${first}.` : `Yo (${first}) ${second}`);
      expect(links.map((l) => plan.destinations[l.destinationIndex - 1])).toEqual(variant === 'A' ? ['https://a.com/x'] : ['https://b.com', 'https://a.com/x']);
    });
    expect(new Set(chunk.messages.variants)).toEqual(new Set(['A', 'B']));
  });

  it('assigns the same variants on a re-plan (re-run after a crash)', () => {
    const again = planChunk(prepareLaunch(campaign, 'https://s.co', 8), rows, newId, newCodes);
    expect(again.messages.variants).toEqual(chunk.messages.variants);
  });

  it('re-renders a body with replacement codes', () => {
    const index = chunk.messages.variants.indexOf('B');
    expect(renderBody(plan, chunk.variantIndexes[index], ['NEW1', 'NEW2'])).toBe('Yo (https://s.co/NEW1) https://s.co/NEW2');
  });
});

describe('holdoutPicker', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `0193a2b4-0000-7000-8000-${String(i).padStart(12, '0')}`);

  it('holds out about the share asked for, the same recipients every time', () => {
    const pick = holdoutPicker(campaign.id, 10);
    const held = ids.filter(pick);
    expect(held.length / ids.length).toBeGreaterThan(0.09);
    expect(held.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter(holdoutPicker(campaign.id, 10))).toEqual(held);
  });

  it('holds out nobody at 0 and draws independently of the variant split', () => {
    expect(ids.some(holdoutPicker(campaign.id, 0))).toBe(false);
    const plan = prepareLaunch({ ...campaign, holdoutPercent: 50 }, 'https://s.co', 8);
    const held = ids.filter(plan.isHeldOut);
    const heldInA = held.filter((id) => plan.pickVariant(id) === 0).length;
    // Were the draws correlated, the held-out half would lean towards one variant.
    expect(heldInA / held.length).toBeGreaterThan(0.47);
    expect(heldInA / held.length).toBeLessThan(0.53);
  });
});

describe('planChunk with holdouts and evaluated segments', () => {
  const plan = prepareLaunch({ ...campaign, holdoutPercent: 30 }, 'https://s.co', 8);
  const rows = Array.from({ length: 200 }, (_, i) => ({
    recipientId: `0193a2b4-0000-7000-8000-${String(i).padStart(12, '0')}`,
    phone: `+1415555${String(i).padStart(4, '0')}`,
    segments: [] as string[],
    optedOut: i % 10 === 0,
    matchedSegment: i % 2 === 0 ? 'clicked-no-buy' : 'vip',
  }));
  const chunk = planChunk(plan, rows, newId, newCodes);

  it('records held-out recipients with their segment instead of a message, and gives them no link', () => {
    expect(chunk.holdouts.recipientIds.length).toBeGreaterThan(30);
    expect(chunk.holdouts.recipientIds.length + chunk.messages.ids.length).toBe(200);
    const heldOut = new Set(chunk.holdouts.recipientIds);
    expect(chunk.messages.recipientIds.some((id) => heldOut.has(id))).toBe(false);
    chunk.holdouts.recipientIds.forEach((id, i) => {
      const row = rows.find((r) => r.recipientId === id)!;
      expect(chunk.holdouts.segments[i]).toBe(row.matchedSegment);
      expect(chunk.holdouts.phones[i]).toBe(row.phone);
    });
    expect(chunk.links.every((link) => chunk.messages.statuses[link.messageIndex] === 'queued')).toBe(true);
  });

  it('never holds out an opted-out phone: it is suppressed as always', () => {
    const optedOut = rows.filter((r) => r.optedOut).map((r) => r.recipientId);
    optedOut.forEach((id) => expect(chunk.messages.statuses[chunk.messages.recipientIds.indexOf(id)]).toBe('suppressed'));
  });

  it('takes the segment the audience query matched over the labels', () => {
    chunk.messages.recipientIds.forEach((id, i) => expect(chunk.messages.segments[i]).toBe(rows.find((r) => r.recipientId === id)!.matchedSegment));
  });
});
