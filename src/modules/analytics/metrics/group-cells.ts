import type { GroupKey, MetricCell } from './metric-cell.js';

export interface CellGroup {
  variant?: string;
  segment?: string;
  cells: MetricCell[];
}

/** Values in the campaign's order, then any the cells hold that the definition does not (kept, not dropped). */
function orderedValues(defined: readonly string[], cells: readonly MetricCell[], key: GroupKey): string[] {
  const extra = [...new Set(cells.map((cell) => cell[key]))].filter((value) => !defined.includes(value)).sort();
  return [...defined, ...extra];
}

/**
 * Splits cells into the groups of `groupBy`: every variant and target segment
 * of the campaign's definition, in its order, including groups with no
 * message (their counts are 0 and their rates null, which is what a marketer
 * needs to see for an arm that reached nobody).
 */
export function groupCells(
  cells: readonly MetricCell[],
  groupBy: readonly GroupKey[],
  definition: { variants: readonly string[]; segments: readonly string[] },
): CellGroup[] {
  const variants = groupBy.includes('variant') ? orderedValues(definition.variants, cells, 'variant') : [undefined];
  const segments = groupBy.includes('segment') ? orderedValues(definition.segments, cells, 'segment') : [undefined];
  return variants.flatMap((variant) =>
    segments.map((segment) => ({
      ...(variant !== undefined && { variant }),
      ...(segment !== undefined && { segment }),
      cells: cells.filter((cell) => (variant === undefined || cell.variant === variant) && (segment === undefined || cell.segment === segment)),
    })),
  );
}
