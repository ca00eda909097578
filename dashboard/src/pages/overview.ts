import { api, qs } from '../api.js';
import { chartFigure, destroyCharts, PALETTE } from '../charts.js';
import { h, showError, showInfo, statusLine, table, tile } from '../dom.js';
import { dateInputToIso, formatCount, formatDateTime, formatMoney, formatPercent, splitList } from '../format.js';
import type { CampaignListItem, Overview } from '../types.js';

/** Account overview: launched campaigns with their key metrics (date-range and tag filters), drafts, top links. */
export async function overviewPage(main: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const from = h('input', { id: 'filter-from', name: 'from', type: 'date', value: params.get('from') ?? '' });
  const to = h('input', { id: 'filter-to', name: 'to', type: 'date', value: params.get('to') ?? '' });
  const tags = h('input', { id: 'filter-tags', name: 'tags', type: 'text', placeholder: 'spring, vip', value: params.get('tags') ?? '' });
  const status = statusLine();
  const results = h('div', { id: 'overview-results' });
  const form = h('form', { class: 'filters', 'aria-label': 'Filter campaigns' },
    h('div', {}, h('label', { for: 'filter-from' }, 'Launched from'), from),
    h('div', {}, h('label', { for: 'filter-to' }, 'to (inclusive)'), to),
    h('div', {}, h('label', { for: 'filter-tags' }, 'Tags (any of)'), tags),
    h('button', { type: 'submit' }, 'Apply'),
  );
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), h('a', { class: 'button', href: '#/campaigns/new' }, 'New campaign')),
    form, status, results,
  );

  const load = async () => {
    showInfo(status, 'Loading…');
    try {
      const query = qs({ from: dateInputToIso(from.value), to: dateInputToIso(to.value, true), tags: splitList(tags.value).join(',') });
      const [overview, drafts] = await Promise.all([
        api<Overview>(`/v1/analytics/overview${query}`),
        api<{ data: CampaignListItem[] }>('/v1/campaigns?limit=50'),
      ]);
      destroyCharts(results);
      results.replaceChildren(...renderOverview(overview, drafts.data.filter((c) => c.status === 'draft' || c.status === 'scheduled')));
      showInfo(status, `${overview.campaigns.length} launched campaign(s).`);
    } catch (error) {
      showError(status, error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  await load();
}

function renderOverview(overview: Overview, drafts: CampaignListItem[]): HTMLElement[] {
  const t = overview.totals;
  const revenue = t.revenue === null
    ? overview.revenueByCurrency.map((r) => formatMoney(r.revenue, r.currency)).join(' + ')
    : formatMoney(t.revenue, overview.revenueByCurrency[0]?.currency ?? 'USD');
  const tiles = h('dl', { class: 'tiles', id: 'totals' },
    tile('Campaigns', formatCount(overview.campaigns.length)),
    tile('Sent', formatCount(t.sent)),
    tile('Delivered', formatCount(t.delivered)),
    tile('CTR', formatPercent(t.ctr)),
    tile('Opt-out rate', formatPercent(t.optOutRate, 2)),
    tile('Revenue', revenue || '–'),
  );
  const campaigns = table('Launched campaigns', ['Campaign', 'Status', 'Launched', 'Sent', 'Delivered', 'CTR', 'Opt-out rate', 'Revenue'],
    overview.campaigns.map((c) => [
      h('a', { href: `#/campaigns/${c.id}` }, c.name), c.status, formatDateTime(c.launchedAt), formatCount(c.metrics.sent),
      formatCount(c.metrics.delivered), formatPercent(c.metrics.ctr), formatPercent(c.metrics.optOutRate, 2), formatMoney(c.metrics.revenue, c.currency),
    ]), { rowHeader: true, className: 'numeric', id: 'campaigns-table' });
  const draftTable = table('Drafts and scheduled', ['Campaign', 'Status', 'Variants', 'Segments', 'Created'],
    drafts.map((c) => [h('a', { href: `#/campaigns/${c.id}` }, c.name), c.status, c.variants.join(', '), c.segments.join(', '), formatDateTime(c.createdAt)]),
    { rowHeader: true });
  const links = table('Top links', ['Destination', 'Unique clicks', 'Clicks', 'Bot clicks'],
    overview.topLinks.map((l) => [h('span', { class: 'url' }, l.destination), formatCount(l.uniqueClicks), formatCount(l.clicks), formatCount(l.botClicks)]),
    { rowHeader: true, className: 'numeric', id: 'top-links' });
  const shown = overview.campaigns.slice(0, 12).reverse();
  const chart = shown.length === 0 ? null : chartFigure('overview-ctr', 'CTR per campaign',
    `Click-through rate per campaign: ${shown.map((c) => `${c.name} ${formatPercent(c.metrics.ctr)}`).join(', ')}.`,
    {
      type: 'bar',
      data: { labels: shown.map((c) => c.name), datasets: [{ label: 'CTR %', data: shown.map((c) => (c.metrics.ctr ?? 0) * 100), backgroundColor: PALETTE[0] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'CTR %' } } } },
    });
  return [tiles, h('section', { class: 'grid-2' }, chart, links), campaigns, draftTable];
}
