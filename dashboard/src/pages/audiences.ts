import { api, request } from '../api.js';
import { clearFieldErrors, field, fieldError, h, showError, showFieldErrors, showInfo, statusLine, table } from '../dom.js';
import { dateInputToIso, formatCount, formatDateTime } from '../format.js';
import { parseRuleText, RULE_GRAMMAR, ruleTemplate, TEMPLATES, type TemplateKind } from '../rule-templates.js';
import type { CampaignListItem, Segment, SegmentPreview } from '../types.js';

/**
 * Audiences: the account's engagement segments, a rule editor (JSON with the
 * grammar beside it and one-click templates filled from a campaign), create
 * or replace, delete, and a preview of who matches now (size and sample).
 */
export async function audiencesPage(main: HTMLElement): Promise<void> {
  const listStatus = statusLine();
  const list = h('div', { id: 'segments-list' });
  let segments: Segment[] = [];

  const key = h('input', { id: 'segment-key', name: 'key', type: 'text', required: true, maxlength: 100, autocomplete: 'off', spellcheck: 'false' });
  const name = h('input', { id: 'segment-name', name: 'name', type: 'text', maxlength: 200 });
  const description = h('input', { id: 'segment-description', name: 'description', type: 'text', maxlength: 1000 });
  const rule = h('textarea', { id: 'segment-rule', name: 'rule', rows: 10, spellcheck: 'false', class: 'code', 'aria-describedby': 'rule-grammar segment-rule-error' }, '{ "label": "vip" }');
  const campaignPicker = h('select', { id: 'template-campaign', name: 'campaign' }, h('option', { value: '' }, 'Choose a campaign'));
  const hours = h('input', { id: 'template-hours', name: 'hours', type: 'number', min: 1, max: 8760, step: 'any', value: 24, inputmode: 'decimal' });
  const since = h('input', { id: 'template-since', name: 'since', type: 'date' });
  const templateStatus = statusLine();
  const status = statusLine();
  const saveButton = h('button', { type: 'submit', id: 'segment-save' }, 'Create segment');
  const previewResult = h('div', { id: 'segment-preview', 'aria-live': 'polite' });
  let campaigns: CampaignListItem[] = [];

  const existing = () => segments.find((s) => s.key === key.value.trim());
  const syncSaveLabel = () => { saveButton.textContent = existing() ? 'Replace segment' : 'Create segment'; };
  key.addEventListener('input', syncSaveLabel);

  const edit = (segment: Segment) => {
    key.value = segment.key;
    name.value = segment.name ?? '';
    description.value = segment.description ?? '';
    rule.value = JSON.stringify(segment.rule, null, 2);
    clearFieldErrors(form);
    syncSaveLabel();
    key.focus();
  };

  const applyTemplate = (kind: TemplateKind) => {
    const chosen = campaigns.find((c) => c.id === campaignPicker.value);
    const draft = ruleTemplate(kind, {
      campaign: chosen && { id: chosen.id, name: chosen.name },
      hours: hours.value === '' ? undefined : Number(hours.value),
      since: dateInputToIso(since.value),
    });
    if (typeof draft === 'string') return showError(templateStatus, draft);
    key.value = draft.key;
    name.value = draft.name;
    rule.value = JSON.stringify(draft.rule, null, 2);
    showInfo(templateStatus, `Filled in "${draft.name}". Edit the JSON if you need more, then save.`);
    syncSaveLabel();
  };

  const preview = async (segmentKey: string) => {
    previewResult.replaceChildren(h('p', { class: 'muted' }, `Counting ${segmentKey}…`));
    try {
      const result = await api<SegmentPreview>(`/v1/segments/${encodeURIComponent(segmentKey)}/preview?sample=20`);
      const kind = result.kind === 'rule' ? 'engagement segment' : 'label (no segment has this key)';
      previewResult.replaceChildren(
        h('p', { class: 'verdict-line', id: 'preview-size', 'data-size': result.size, 'data-kind': result.kind },
          `${result.key} (${kind}): ${formatCount(result.size)} recipient${result.size === 1 ? '' : 's'} match now (evaluated ${formatDateTime(result.evaluatedAt)}). `,
          h('span', { class: 'muted' }, 'Opt-outs, holdouts and frequency caps apply when a campaign launches.')),
        table(`First ${result.sample.length} matching recipients, by phone`, ['Phone', 'External id', 'Labels'],
          result.sample.map((r) => [r.phone, r.externalId ?? '–', r.segments.join(', ') || '–']), { rowHeader: true }),
      );
    } catch (error) {
      previewResult.replaceChildren(h('p', { class: 'error' }, error instanceof Error ? error.message : String(error)));
    }
  };

  const remove = async (segment: Segment) => {
    if (!confirm(`Delete the segment ${segment.key}? Campaigns targeting "${segment.key}" will target the label of that name again.`)) return;
    try {
      await request(`/v1/segments/${encodeURIComponent(segment.key)}`, { method: 'DELETE' }); // 204: no body to parse
      showInfo(listStatus, `Deleted ${segment.key}.`);
      await load();
    } catch (error) {
      showError(listStatus, error);
    }
  };

  const renderList = () => {
    const rows = segments.map((s) => [
      h('code', {}, s.key), s.name ?? '–', h('code', { class: 'rule-summary' }, JSON.stringify(s.rule)), formatDateTime(s.updatedAt),
      h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'secondary small', 'aria-label': `Edit ${s.key}`, onclick: () => edit(s) }, 'Edit'),
        h('button', { type: 'button', class: 'secondary small', 'aria-label': `Preview ${s.key}`, onclick: () => void preview(s.key) }, 'Preview'),
        h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${s.key}`, onclick: () => void remove(s) }, 'Delete')),
    ]);
    list.replaceChildren(table('Engagement segments', ['Key', 'Name', 'Rule', 'Updated', 'Actions'], rows, { rowHeader: true, id: 'segments-table' }));
  };

  const load = async () => {
    try {
      segments = await api<Segment[]>('/v1/segments');
      renderList();
      syncSaveLabel();
      showInfo(listStatus, `${segments.length} segment(s).`);
    } catch (error) {
      showError(listStatus, error);
    }
  };

  const form = h('form', { id: 'segment-form', class: 'card', novalidate: true },
    h('h2', { id: 'segment-form-title' }, 'Define a segment'),
    h('fieldset', { id: 'templates' }, h('legend', {}, 'Start from a template'),
      h('div', { class: 'row' },
        field('template-campaign', 'Campaign', campaignPicker),
        field('template-hours', 'Hours (N)', hours),
        field('template-since', 'Since (date)', since)),
      h('div', { class: 'actions' }, TEMPLATES.map((t) => h('button', { type: 'button', class: 'secondary', 'data-template': t.kind, onclick: () => applyTemplate(t.kind) }, t.label))),
      templateStatus),
    h('div', { class: 'row' },
      field('segment-key', 'Key', key, 'How campaigns target it, like a label: letters, digits, _ . : -', 'key'),
      field('segment-name', 'Name', name, undefined, 'name')),
    field('segment-description', 'Description', description, undefined, 'description'),
    h('div', { class: 'rule-editor' },
      h('div', { class: 'field' }, h('label', { for: 'segment-rule' }, 'Rule (JSON)'), rule, fieldError('segment-rule', 'rule')),
      h('aside', { id: 'rule-grammar', class: 'grammar', 'aria-label': 'Rule grammar' },
        h('p', {}, h('strong', {}, 'A rule is one object with exactly one of:')),
        h('dl', {}, RULE_GRAMMAR.flatMap(([code, meaning]) => [h('dt', {}, h('code', {}, code)), h('dd', {}, meaning)])),
        h('p', { class: 'muted' }, 'Dates need an offset (Z or +01:00). Every campaign and variant must be yours. More in docs/AUDIENCES.md.'))),
    h('div', { class: 'actions' },
      saveButton,
      h('button', { type: 'button', class: 'secondary', id: 'segment-preview-button', onclick: () => {
        const k = key.value.trim();
        if (!k) return showError(status, 'Give the key of the segment to preview.');
        if (!existing()) showInfo(status, `${k} is not saved yet: the preview shows the label of that name. Save to preview the rule.`);
        void preview(k);
      } }, 'Preview'),
      h('button', { type: 'reset', class: 'secondary', onclick: () => queueMicrotask(() => { clearFieldErrors(form); syncSaveLabel(); }) }, 'Clear')),
    status,
    previewResult,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const parsed = parseRuleText(rule.value);
    if ('error' in parsed) {
      form.querySelector('#segment-rule-error')!.textContent = parsed.error;
      return showError(status, parsed.error);
    }
    const k = key.value.trim();
    const body = { name: name.value.trim() || undefined, description: description.value.trim() || undefined, rule: parsed.rule };
    const replacing = Boolean(existing());
    showInfo(status, replacing ? 'Replacing…' : 'Creating…');
    try {
      const saved = replacing
        ? await api<Segment>(`/v1/segments/${encodeURIComponent(k)}`, { method: 'PUT', json: body })
        : await api<Segment>('/v1/segments', { method: 'POST', json: { key: k, ...body } });
      showInfo(status, `${replacing ? 'Replaced' : 'Created'} ${saved.key}. Campaigns target it by this key.`);
      await load();
      await preview(saved.key);
    } catch (error) {
      showFieldErrors(form, error, status);
    }
  });

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Audiences'), h('a', { class: 'button', href: '#/campaigns/new' }, 'New campaign')),
    h('p', { class: 'muted' }, 'Engagement segments pick recipients by what they did. Campaigns target a segment by its key, exactly like a label; the rule is evaluated when the campaign launches.'),
    h('section', { 'aria-labelledby': 'segments-title' }, h('h2', { id: 'segments-title' }, 'Segments'), listStatus, list),
    form,
  );
  const [, campaignList] = await Promise.all([load(), api<{ data: CampaignListItem[] }>('/v1/campaigns?limit=100').catch(() => ({ data: [] }))]);
  campaigns = campaignList.data.filter((c) => c.launchedAt);
  campaignPicker.append(...campaigns.map((c) => h('option', { value: c.id }, `${c.name} (${formatDateTime(c.launchedAt)})`)));
}
