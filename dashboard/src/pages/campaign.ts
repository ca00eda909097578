import { api, download, qs } from '../api.js';
import { BOT, chartFigure, destroyCharts, HUMAN, intervalPlugin, PALETTE } from '../charts.js';
import { h, scrollRegion, showError, showInfo, statusLine, tile } from '../dom.js';
import { bucketLabel, formatCount, formatDateTime, formatMetric, formatPercent, METRIC_COLUMNS, metricValue, verdictSentences } from '../format.js';
import { openLiveFeed, type FeedState } from '../live-feed.js';
import { renderAttribution, renderHoldout } from './campaign-holdout.js';
import type { BreakdownRow, Campaign, LiveClick, MessageRow, Stats, TimeseriesPoint, TimeToClick } from '../types.js';

const FEED_SIZE = 50;

/** The campaign page: actions, A/B verdict, the variant x segment table, charts, the live click feed and the messages list. */
export async function campaignPage(main: HTMLElement, params: Record<string, string>): Promise<() => void> {
  const id = params.id;
  const status = statusLine();
  const head = h('div', { class: 'page-head' });
  const summary = h('div', { id: 'campaign-summary' });
  const attribution = h('p', { id: 'attribution', class: 'muted' });
  const holdout = h('section', { id: 'holdout', 'aria-labelledby': 'holdout-title', hidden: true });
  const verdict = h('section', { id: 'verdict', 'aria-labelledby': 'verdict-title' });
  const tableSection = h('section', { id: 'stats-section', 'aria-labelledby': 'stats-title' });
  const chartsSection = h('section', { id: 'charts', 'aria-labelledby': 'charts-title' });
  const feedSection = h('section', { id: 'live-feed', 'aria-labelledby': 'feed-title' });
  const messagesSection = h('section', { id: 'messages', 'aria-labelledby': 'messages-title' });
  main.append(head, status, summary, attribution, holdout, verdict, tableSection, chartsSection, feedSection, messagesSection);

  let groupBy = 'variant,segment';
  let campaign: Campaign;
  let reloadMessages: (() => Promise<void>) | undefined;

  const loadAll = async () => {
    showInfo(status, 'Loading…');
    try {
      campaign = await api<Campaign>(`/v1/campaigns/${id}`);
      renderHead(head, campaign, loadAll, status);
      const [stats, series, ttc, devices, oses, countries, classes] = await Promise.all([
        api<Stats>(`/v1/campaigns/${id}/stats${qs({ groupBy })}`),
        api<{ points: TimeseriesPoint[]; interval: string }>(`/v1/campaigns/${id}/timeseries?interval=hour`),
        api<TimeToClick>(`/v1/campaigns/${id}/time-to-click`),
        api<{ rows: BreakdownRow[] }>(`/v1/campaigns/${id}/breakdown?by=device&limit=10`),
        api<{ rows: BreakdownRow[] }>(`/v1/campaigns/${id}/breakdown?by=os&limit=10`),
        api<{ rows: BreakdownRow[] }>(`/v1/campaigns/${id}/breakdown?by=country&limit=10`),
        api<{ rows: BreakdownRow[] }>(`/v1/campaigns/${id}/breakdown?by=clickClass`),
      ]);
      renderSummary(summary, stats, campaign);
      renderAttribution(attribution, stats);
      renderHoldout(holdout, stats);
      renderVerdict(verdict, stats);
      renderTable(tableSection, stats, groupBy, (next) => { groupBy = next; void loadAll(); });
      renderCharts(chartsSection, stats, series.points, ttc, campaign, { devices: devices.rows, oses: oses.rows, countries: countries.rows, classes: classes.rows });
      await reloadMessages?.();
      showInfo(status, `Updated ${new Date().toLocaleTimeString('en-GB')}.`);
    } catch (error) {
      showError(status, error);
    }
  };

  await loadAll();
  const closeFeed = renderFeed(feedSection, id);
  reloadMessages = await renderMessages(messagesSection, id, campaign!);
  return closeFeed;
}

function renderHead(head: HTMLElement, campaign: Campaign, reload: () => Promise<void>, status: HTMLElement): void {
  const act = (label: string, path: string, id: string, confirmText?: string) =>
    h('button', { type: 'button', id, class: id === 'cancel' ? 'danger' : '', onclick: async () => {
      if (confirmText && !confirm(confirmText)) return;
      try {
        await api(`/v1/campaigns/${campaign.id}/${path}`, { method: 'POST' });
        await reload();
      } catch (error) {
        showError(status, error);
      }
    } }, label);
  const canLaunch = campaign.status === 'draft';
  const canCancel = ['draft', 'scheduled', 'sending'].includes(campaign.status);
  const exportButton = (label: string, path: string, file: string) =>
    h('button', { type: 'button', class: 'secondary', onclick: () => download(`/v1/campaigns/${campaign.id}/${path}`, file).catch((e) => showError(status, e)) }, label);
  head.replaceChildren(
    h('div', {},
      h('h1', {}, campaign.name),
      h('p', { class: 'muted' },
        h('span', { class: `badge status-${campaign.status}`, id: 'campaign-status' }, campaign.status), ' ',
        `From ${campaign.from} to ${campaign.segments.join(', ')}`,
        campaign.tags.length ? ` · tags ${campaign.tags.join(', ')}` : '',
        campaign.holdoutPercent > 0 ? ` · holdout ${campaign.holdoutPercent}%` : '',
        ` · quiet hours: ${campaign.quietHours ? `${campaign.quietHours.start}–${campaign.quietHours.end}` : campaign.inheritsAccountQuietHours ? "the account's" : 'none'}`,
        campaign.scheduledAt ? ` · scheduled ${formatDateTime(campaign.scheduledAt)}` : '',
        campaign.launchedAt ? ` · launched ${formatDateTime(campaign.launchedAt)}` : '')),
    h('div', { class: 'actions' },
      canLaunch ? act(campaign.scheduledAt ? 'Schedule' : 'Launch', 'launch', 'launch') : null,
      canCancel ? act('Cancel campaign', 'cancel', 'cancel', 'Cancel this campaign? Messages not yet handed to the provider will not be sent.') : null,
      h('button', { type: 'button', class: 'secondary', id: 'refresh', onclick: () => void reload() }, 'Refresh'),
      exportButton('Stats CSV', 'stats/export?groupBy=variant,segment', `campaign-${campaign.id}-stats.csv`),
      exportButton('Messages CSV', 'messages/export', `campaign-${campaign.id}-messages.csv`)),
  );
}

function renderSummary(target: HTMLElement, stats: Stats, campaign: Campaign): void {
  const m = stats.campaign;
  target.replaceChildren(h('dl', { class: 'tiles' },
    tile('Recipients', formatCount(m.recipients)),
    tile('Sent', formatCount(m.sent)),
    tile('Delivered', formatCount(m.delivered)),
    tile('Unique clicks', formatCount(m.uniqueClicks)),
    tile('CTR', formatPercent(m.ctr)),
    tile('Opt-out rate', formatPercent(m.optOutRate, 2)),
    tile('Revenue', formatMetric(m.revenue, 'money', campaign.currency)),
    campaign.holdoutPercent > 0 ? tile('Held out', `${formatCount(campaign.holdoutCount)} (${campaign.holdoutPercent}%)`) : null,
    m.frequencyCapped ? tile('Frequency capped', formatCount(m.frequencyCapped as number)) : null));
}

function renderVerdict(target: HTMLElement, stats: Stats): void {
  const ab = stats.abTest;
  const flagged = ab.guardrailFlagged.length > 0;
  target.className = `card verdict${ab.leadSignificant ? ' significant' : ''}${flagged ? ' flagged' : ''}`;
  target.replaceChildren(
    h('h2', { id: 'verdict-title' }, 'A/B verdict'),
    h('ul', {}, verdictSentences(ab).map((s) => h('li', {}, s))),
    h('p', { class: 'muted' }, `Control: ${ab.control}. Two-sided two-proportion z-test on unique clicks / delivered; 95% Wilson intervals.`),
  );
}

function renderTable(target: HTMLElement, stats: Stats, groupBy: string, regroup: (groupBy: string) => void): void {
  const select = h('select', { id: 'group-by', onchange: (e) => regroup((e.target as HTMLSelectElement).value) },
    ...[['variant,segment', 'Variant × segment'], ['variant', 'Variant'], ['segment', 'Segment']].map(([value, label]) =>
      h('option', { value, selected: value === groupBy }, label)));
  const keys = stats.groupBy;
  const cell = (metrics: Record<string, unknown>, column: (typeof METRIC_COLUMNS)[number]) => {
    const value = metricValue(metrics, column);
    return h('td', { 'data-metric': column.pick ? `${column.key}.${column.pick}` : column.key, 'data-value': value === null ? '' : String(value) },
      formatMetric(value, column.kind, stats.currency));
  };
  const table = h('table', { class: 'numeric metrics', id: 'stats-table' },
    h('caption', {}, `Every metric per ${keys.join(' × ')} (bot clicks never count in the others)`),
    h('thead', {}, h('tr', {},
      keys.map((k) => h('th', { scope: 'col' }, k === 'variant' ? 'Variant' : 'Segment')),
      METRIC_COLUMNS.map((c) => h('th', { scope: 'col', title: c.description }, c.label)))),
    h('tbody', {}, stats.groups.map((g) => h('tr', { 'data-variant': g.variant ?? null, 'data-segment': g.segment ?? null },
      keys.map((k, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, String(k === 'variant' ? g.variant : g.segment))),
      METRIC_COLUMNS.map((c) => cell(g, c))))),
    h('tfoot', {}, h('tr', { 'data-total': 'true' },
      h('th', { scope: 'row', colspan: keys.length }, 'Campaign'),
      METRIC_COLUMNS.map((c) => cell(stats.campaign, c)))),
  );
  target.replaceChildren(
    h('div', { class: 'section-head' }, h('h2', { id: 'stats-title' }, 'Results'),
      h('div', { class: 'field inline' }, h('label', { for: 'group-by' }, 'Group by'), select)),
    scrollRegion('Results table', table));
}

function renderCharts(
  target: HTMLElement, stats: Stats, points: TimeseriesPoint[], ttc: TimeToClick, campaign: Campaign,
  breakdowns: { devices: BreakdownRow[]; oses: BreakdownRow[]; countries: BreakdownRow[]; classes: BreakdownRow[] },
): void {
  const variants = stats.abTest.variants;
  const ctr = chartFigure('chart-ctr', 'CTR per variant, with 95% intervals',
    variants.map((v) => `${v.variant}: ${formatPercent(v.ctr)}${v.ctrInterval ? ` (95% interval ${formatPercent(v.ctrInterval.low)} to ${formatPercent(v.ctrInterval.high)})` : ''}`).join('; '),
    {
      type: 'bar',
      data: { labels: variants.map((v) => v.variant), datasets: [{ label: 'CTR %', data: variants.map((v) => (v.ctr ?? 0) * 100), backgroundColor: variants.map((_, i) => PALETTE[i % PALETTE.length]) }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, suggestedMax: Math.max(...variants.map((v) => (v.ctrInterval?.high ?? 0) * 100), 1), title: { display: true, text: 'CTR %' } } } },
      plugins: [intervalPlugin(variants.map((v) => (v.ctrInterval ? [v.ctrInterval.low * 100, v.ctrInterval.high * 100] : null)))],
    });
  const ttcChart = chartFigure('chart-ttc', 'Time to click (clicked messages)',
    `${ttc.messages} clicked messages: ${ttc.buckets.filter((b) => b.messages > 0).map((b) => `${b.label}: ${b.messages}`).join(', ') || 'none yet'}`,
    {
      type: 'bar',
      data: { labels: ttc.buckets.map((b) => b.label), datasets: campaign.variants.map((v, i) => ({ label: v.key, data: ttc.buckets.map((b) => b.byVariant[v.key] ?? 0), backgroundColor: PALETTE[i % PALETTE.length] })) },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Messages' } } } },
    });
  const labels = points.map((p) => bucketLabel(p.bucket, 'hour'));
  const sum = (k: keyof TimeseriesPoint) => points.reduce((n, p) => n + (p[k] as number), 0);
  const time = chartFigure('chart-timeseries', 'Deliveries and clicks per hour',
    `${sum('deliveries')} deliveries, ${sum('humanClicks')} human clicks and ${sum('botClicks')} bot clicks over ${points.length} hour(s)`,
    {
      type: 'line',
      data: { labels, datasets: [
        { label: 'Deliveries', data: points.map((p) => p.deliveries), borderColor: PALETTE[2], backgroundColor: PALETTE[2], tension: 0.2 },
        { label: 'Human clicks', data: points.map((p) => p.humanClicks), borderColor: HUMAN, backgroundColor: HUMAN, tension: 0.2 },
        { label: 'Bot clicks', data: points.map((p) => p.botClicks), borderColor: BOT, backgroundColor: BOT, borderDash: [4, 4], tension: 0.2 },
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  const breakdown = (id: string, caption: string, rows: BreakdownRow[]) => chartFigure(id, caption,
    rows.map((r) => `${r.value ?? 'unknown'}: ${r.clicks} human, ${r.botClicks} bot`).join('; ') || 'No clicks yet',
    {
      type: 'bar',
      data: { labels: rows.map((r) => r.value ?? 'unknown'), datasets: [
        { label: 'Human clicks', data: rows.map((r) => r.clicks), backgroundColor: HUMAN },
        { label: 'Bot clicks', data: rows.map((r) => r.botClicks), backgroundColor: BOT },
      ] },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
  const classes = breakdowns.classes.map((r) => ({ label: r.value ?? 'unknown', n: r.clicks + r.botClicks }));
  const classChart = chartFigure('chart-classes', 'Click classes', classes.map((c) => `${c.label}: ${c.n}`).join('; ') || 'No clicks yet', {
    type: 'doughnut',
    data: { labels: classes.map((c) => c.label), datasets: [{ data: classes.map((c) => c.n), backgroundColor: classes.map((c) => (c.label === 'human' ? HUMAN : c.label === 'preview' ? PALETTE[1] : BOT)) }] },
    options: { plugins: { legend: { position: 'bottom' } } },
  });
  destroyCharts(target);
  target.replaceChildren(h('h2', { id: 'charts-title' }, 'Charts'), h('div', { class: 'chart-grid' },
    ctr, ttcChart, time, classChart,
    breakdown('chart-devices', 'Devices', breakdowns.devices), breakdown('chart-os', 'Operating systems', breakdowns.oses),
    breakdown('chart-countries', 'Countries', breakdowns.countries)));
}

function renderFeed(target: HTMLElement, campaignId: string): () => void {
  const state = h('p', { class: 'feed-state', id: 'feed-state', role: 'status' }, 'Connecting…');
  const list = h('ol', { class: 'feed', id: 'feed-list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const empty = h('p', { class: 'muted', id: 'feed-empty' }, 'Clicks appear here as they happen.');
  target.replaceChildren(h('h2', { id: 'feed-title' }, 'Live clicks'), state, empty, list);
  const words: Record<FeedState, string> = { connecting: 'Connecting…', live: 'Live: new clicks appear below.', reconnecting: 'Connection lost; reconnecting…', closed: 'Live feed closed.' };
  return openLiveFeed(campaignId, (click: LiveClick) => {
    empty.remove();
    const device = [click.deviceType, click.os, click.browser].filter(Boolean).join(' · ');
    list.prepend(h('li', { class: `click ${click.clickClass}`, 'data-click-id': click.id, 'data-class': click.clickClass },
      h('time', { datetime: click.occurredAt }, new Date(click.occurredAt).toLocaleTimeString('en-GB')), ' ',
      h('span', { class: `badge class-${click.clickClass}` }, click.clickClass), ' ',
      h('span', {}, device), ' ',
      click.country ? h('span', {}, click.country) : null, ' ',
      click.variant ? h('span', {}, `variant ${click.variant}`) : null, ' ',
      h('code', {}, click.code),
      click.clickClass !== 'human' ? h('span', { class: 'muted' }, ` (${click.classReason})`) : null));
    while (list.children.length > FEED_SIZE) list.lastElementChild!.remove();
  }, (s, detail) => {
    state.textContent = detail ? `${words[s]} ${detail}` : words[s];
    state.dataset.state = s;
  });
}

/** Renders the messages list and returns its reload (the page's Refresh keeps the filters). */
async function renderMessages(target: HTMLElement, campaignId: string, campaign: Campaign): Promise<() => Promise<void>> {
  const select = (id: string, label: string, options: [string, string][]) => h('div', { class: 'field' }, h('label', { for: id }, label),
    h('select', { id, name: id }, options.map(([value, text]) => h('option', { value }, text))));
  const statuses = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'skipped', 'cancelled'];
  const form = h('form', { class: 'filters', 'aria-label': 'Filter messages' },
    select('m-variant', 'Variant', [['', 'Any'], ...campaign.variants.map((v): [string, string] => [v.key, v.key])]),
    select('m-segment', 'Segment', [['', 'Any'], ...campaign.segments.map((s): [string, string] => [s, s])]),
    select('m-status', 'Status', [['', 'Any'], ...statuses.map((s): [string, string] => [s, s])]),
    select('m-clicked', 'Clicked', [['', 'Any'], ['true', 'Clicked'], ['false', 'Not clicked']]),
    h('button', { type: 'submit' }, 'Filter'));
  const status = statusLine();
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', id: 'messages-more', hidden: true }, 'Load more');
  let cursor: string | null = null;
  const value = (id: string) => (form.querySelector(`#${id}`) as HTMLSelectElement).value;
  const load = async (reset: boolean) => {
    try {
      if (reset) (cursor = null), tbody.replaceChildren();
      const page = await api<{ data: MessageRow[]; nextCursor: string | null }>(`/v1/campaigns/${campaignId}/messages${qs({
        variant: value('m-variant'), segment: value('m-segment'), status: value('m-status'), clicked: value('m-clicked'), limit: 50, cursor,
      })}`);
      tbody.append(...page.data.map((m) => h('tr', {},
        h('th', { scope: 'row' }, m.phone), h('td', {}, m.variant), h('td', {}, m.segment), h('td', {}, m.status),
        h('td', {}, m.shortLinks.map((l) => h('code', {}, l.url))), h('td', {}, formatCount(m.clicks)), h('td', {}, formatCount(m.botClicks)),
        h('td', {}, formatDateTime(m.firstClickAt)), h('td', {}, m.optedOutAt ? formatDateTime(m.optedOutAt) : '–'))));
      if (tbody.children.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No message matches.')));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      showInfo(status, `${tbody.querySelectorAll('tr th').length} message(s) shown${cursor ? '; more below' : ''}.`);
    } catch (error) {
      showError(status, error);
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(true); });
  more.addEventListener('click', () => void load(false));
  const table = h('table', { id: 'messages-table' }, h('caption', {}, 'Messages, in send order'),
    h('thead', {}, h('tr', {}, ['Phone', 'Variant', 'Segment', 'Status', 'Short link', 'Clicks', 'Bot clicks', 'First click', 'Opted out'].map((l) => h('th', { scope: 'col' }, l)))),
    tbody);
  target.replaceChildren(h('h2', { id: 'messages-title' }, 'Messages'), form, status, scrollRegion('Messages table', table), more);
  await load(true);
  return () => load(true);
}
