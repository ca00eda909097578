import { api } from '../api.js';
import { h, showError, showInfo, statusLine, table } from '../dom.js';
import { csvDataRows } from '../csv-rows.js';
import { formatDateTime } from '../format.js';

interface ImportResult { created: number; updated: number; rejected: { index: number; phone: string; reason: string }[]; rejectedCount: number }
interface Recipient {
  phone: string; externalId: string | null; segments: string[]; optedOut: boolean;
  optOuts: { sender: string; optedOut: boolean; changedAt: string }[];
  messages: { campaignName: string; variant: string; status: string; createdAt: string; humanClicks: number; optedOutAt: string | null }[];
  inbound: { kind: string; body: string; sender: string; receivedAt: string }[];
}

/** Recipients: CSV upload with every row's result, and the opt-out lookup by phone. */
export function recipientsPage(main: HTMLElement): void {
  main.append(h('h1', {}, 'Recipients'), uploadSection(), lookupSection());
}

function uploadSection(): HTMLElement {
  const file = h('input', { id: 'csv-file', name: 'file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'csv-hint' });
  const status = statusLine();
  const result = h('div', { id: 'import-result' });
  const form = h('form', { class: 'card', id: 'csv-upload' },
    h('h2', {}, 'Import a CSV'),
    h('label', { for: 'csv-file' }, 'CSV file'), file,
    h('small', { id: 'csv-hint' }, 'Header row; columns phone, segments (separated by |), external_id, timezone; any other column becomes an attribute.'),
    h('button', { type: 'submit' }, 'Upload'), status, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return showError(status, 'Choose a CSV file first.');
    showInfo(status, 'Importing…');
    result.replaceChildren();
    try {
      const text = await chosen.text();
      const outcome = await api<ImportResult>('/v1/recipients/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: text });
      showInfo(status, `${outcome.created} created, ${outcome.updated} updated, ${outcome.rejectedCount} rejected.`);
      const rejected = new Map(outcome.rejected.map((r) => [r.index, r]));
      const rows = csvDataRows(text).slice(0, 1000);
      result.append(table('Result per row', ['Row', 'Phone', 'Result'], rows.map((r) => {
        const problem = rejected.get(r.row);
        return [String(r.row), r.phone || '–', problem
          ? h('span', { class: 'bad', 'data-result': 'rejected' }, `Rejected: ${problem.reason}`)
          : r.phone ? h('span', { class: 'good', 'data-result': 'imported' }, 'Imported') : h('span', { class: 'muted', 'data-result': 'skipped' }, 'Skipped (empty row)')];
      }), { rowHeader: true }));
    } catch (error) {
      showError(status, error);
    }
  });
  return form;
}

function lookupSection(): HTMLElement {
  const phone = h('input', { id: 'lookup-phone', name: 'phone', type: 'tel', required: true, placeholder: '+14155550100', autocomplete: 'off' });
  const status = statusLine();
  const result = h('div', { id: 'lookup-result' });
  const form = h('form', { class: 'card', id: 'opt-out-lookup' },
    h('h2', {}, 'Opt-out lookup'),
    h('label', { for: 'lookup-phone' }, 'Phone number'), phone,
    h('button', { type: 'submit' }, 'Look up'), status, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.replaceChildren();
    showInfo(status, 'Looking up…');
    try {
      const r = await api<Recipient>(`/v1/recipients/${encodeURIComponent(phone.value.trim())}`);
      showInfo(status, '');
      result.append(
        h('p', { class: r.optedOut ? 'verdict-line bad' : 'verdict-line good', id: 'opt-out-state' },
          r.optedOut ? `${r.phone} is opted out: no campaign reaches this phone from the senders below.` : `${r.phone} is not opted out.`),
        table('Opt-out state per sender', ['Sender', 'State', 'Since'], r.optOuts.map((o) => [o.sender, o.optedOut ? 'Opted out' : 'Opted in', formatDateTime(o.changedAt)]), { rowHeader: true }),
        table('Latest messages', ['Campaign', 'Variant', 'Status', 'Sent', 'Clicks', 'Opted out'],
          r.messages.map((m) => [m.campaignName, m.variant, m.status, formatDateTime(m.createdAt), String(m.humanClicks), m.optedOutAt ? formatDateTime(m.optedOutAt) : '–']), { rowHeader: true }),
        table('Replies received', ['Kind', 'Message', 'To', 'Received'], r.inbound.map((i) => [i.kind, i.body, i.sender, formatDateTime(i.receivedAt)]), { rowHeader: true }),
      );
    } catch (error) {
      showError(status, error);
    }
  });
  return form;
}
