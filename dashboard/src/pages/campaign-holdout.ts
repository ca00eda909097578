import { h, scrollRegion } from '../dom.js';
import { formatCount, formatMoney, formatPercent, formatPValue } from '../format.js';
import { attributionSentence, formatLift, holdoutIntro, liftSentence } from '../holdout-words.js';
import type { Stats } from '../types.js';

/** Which attribution window the stats use, and how many conversions fell outside it. */
export function renderAttribution(target: HTMLElement, stats: Stats): void {
  target.textContent = attributionSentence(stats.attribution);
  target.dataset.windowHours = String(stats.attribution.windowHours);
  target.dataset.unattributed = String(stats.attribution.unattributedConversions);
}

/**
 * The holdout panel: each variant against the held-out recipients in a
 * sentence, then the numbers in a table (every cell carries the API's raw
 * value in data-value). Hidden when the campaign has no holdout.
 */
export function renderHoldout(target: HTMLElement, stats: Stats): void {
  const holdout = stats.holdout;
  target.hidden = !holdout;
  if (!holdout) return target.replaceChildren();
  const cell = (metric: string, value: number | boolean | null, text: string) =>
    h('td', { 'data-metric': metric, 'data-value': value === null ? '' : String(value) }, text);
  const money = (value: number | null) => formatMoney(value, stats.currency);
  const rows = [
    h('tr', { 'data-group': 'holdout' }, h('th', { scope: 'row' }, 'Held out'),
      cell('recipients', holdout.recipients, formatCount(holdout.recipients)),
      cell('converters', holdout.converters, formatCount(holdout.converters)),
      cell('conversionRate', holdout.conversionRate, formatPercent(holdout.conversionRate)),
      cell('revenuePerRecipient', holdout.revenuePerRecipient, money(holdout.revenuePerRecipient)),
      h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–')),
    ...holdout.variants.map((v) => h('tr', { 'data-group': 'variant', 'data-variant': v.variant }, h('th', { scope: 'row' }, `Variant ${v.variant}`),
      cell('recipients', v.recipients, formatCount(v.recipients)),
      cell('converters', v.converters, formatCount(v.converters)),
      cell('conversionRate', v.conversionRate, formatPercent(v.conversionRate)),
      cell('revenuePerRecipient', v.revenuePerRecipient, money(v.revenuePerRecipient)),
      cell('lift', v.lift, formatLift(v.lift)),
      cell('pValue', v.pValue, formatPValue(v.pValue)),
      cell('significant', v.significant, v.significant ? 'Yes' : 'No'),
      cell('incrementalConverters', v.incrementalConverters, v.incrementalConverters === null ? '–' : v.incrementalConverters.toFixed(1)),
      cell('incrementalRevenue', v.incrementalRevenue, money(v.incrementalRevenue)))),
  ];
  const table = h('table', { class: 'numeric', id: 'holdout-table' },
    h('caption', {}, 'Conversion against the holdout (converters / recipients meant to get each variant)'),
    h('thead', {}, h('tr', {}, ['Group', 'Recipients', 'Converters', 'Conversion rate', 'Revenue per recipient', 'Lift', 'p-value', 'Significant', 'Extra buyers', 'Extra revenue']
      .map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows));
  target.className = `card verdict${holdout.variants.some((v) => v.significant && (v.lift ?? 0) > 0) ? ' significant' : ''}`;
  target.replaceChildren(
    h('h2', { id: 'holdout-title' }, 'Holdout: what the campaign added'),
    h('p', { id: 'holdout-intro' }, holdoutIntro(holdout, stats.currency)),
    h('ul', { id: 'holdout-sentences' }, holdout.variants.map((v) => h('li', { 'data-variant': v.variant }, liftSentence(v, holdout, stats.currency)))),
    scrollRegion('Holdout table', table),
    h('p', { class: 'muted' }, 'Recipients of a variant are its messages minus suppressed ones (intent to treat); conversions are attributed ones only. Two-sided two-proportion z-test, significant below p = 0.05.'),
  );
}
