import { groupCells } from './group-cells.js';
import type { MetricCell } from './metric-cell.js';

const cell = (variant: string, segment: string, messages: number): MetricCell => ({
  variant, segment, status: 'delivered', messages, withProviderId: messages, clicked: 0, humanClicks: 0, botClicks: 0,
  qrScans: 0, optedOut: 0, optedOutClicked: 0, conversions: 0, revenueTenThousandths: 0,
});
const total = (cells: MetricCell[]) => cells.reduce((n, c) => n + c.messages, 0);
const definition = { variants: ['A', 'B'], segments: ['vip', 'new'] };
const cells = [cell('A', 'vip', 3), cell('A', 'new', 2), cell('B', 'vip', 4)];

describe('groupCells', () => {
  it('groups by variant in the campaign order', () => {
    expect(groupCells(cells, ['variant'], definition).map((g) => [g.variant, g.segment, total(g.cells)])).toEqual([['A', undefined, 5], ['B', undefined, 4]]);
  });

  it('groups by variant x segment, keeping the combination that reached nobody', () => {
    expect(groupCells(cells, ['variant', 'segment'], definition).map((g) => [g.variant, g.segment, total(g.cells)])).toEqual([
      ['A', 'vip', 3], ['A', 'new', 2], ['B', 'vip', 4], ['B', 'new', 0],
    ]);
  });

  it('keeps a value the definition does not list, after the defined ones', () => {
    const groups = groupCells([...cells, cell('A', 'legacy', 1)], ['segment'], definition);
    expect(groups.map((g) => [g.segment, total(g.cells)])).toEqual([['vip', 7], ['new', 2], ['legacy', 1]]);
  });
});
