import { api } from '../api.js';
import { field, h, showFieldErrors, showInfo, statusLine } from '../dom.js';
import { linkAddsSegments, localDateTimeToIso, splitList } from '../format.js';
import type { AccountSettings, Campaign, Segment, VariantPreview } from '../types.js';

interface VariantRow {
  key: HTMLInputElement;
  weight: HTMLInputElement;
  body: HTMLTextAreaElement;
  preview: HTMLElement;
  fieldset: HTMLFieldSetElement;
}

/**
 * The campaign composer: variants with weights, target segments, UTM, quiet
 * hours and schedule, and a live preview per variant from POST
 * /v1/campaigns/preview (body as a recipient sees it, encoding, segments, and
 * a warning when the tracked link adds a segment). Saves a draft, or saves
 * and launches.
 */
export function composerPage(main: HTMLElement): () => void {
  const input = (id: string, attrs: Record<string, string | boolean> = {}) => h('input', { id, name: id, type: 'text', ...attrs });
  const name = input('name', { required: true, maxlength: '200' });
  const from = input('from', { required: true, placeholder: '+15005550006', 'aria-describedby': 'from-hint' });
  const segments = input('segments', { required: true, placeholder: 'vip, newsletter' });
  const tags = input('tags', { placeholder: 'spring' });
  const currency = input('currency', { value: 'USD', maxlength: '3', pattern: '[A-Za-z]{3}' });
  const control = h('select', { id: 'control', name: 'control' });
  const utmSource = input('utm-source', { placeholder: 'sms' });
  const utmMedium = input('utm-medium', { placeholder: 'sms' });
  const utmCampaign = input('utm-campaign', { placeholder: 'the campaign slug' });
  const holdout = h('input', { id: 'holdout-percent', name: 'holdoutPercent', type: 'number', min: 0, max: 50, step: 0.01, value: 0, inputmode: 'decimal' });
  const attribution = h('input', { id: 'attribution-window', name: 'attributionWindowHours', type: 'number', min: 1, max: 2160, step: 1, value: 168, inputmode: 'numeric' });
  const accountWindow = h('span', { id: 'account-quiet-hours', class: 'muted' }, '');
  const quietMode = (value: string, label: string, checked = false, detail: HTMLElement | null = null) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'quietMode', value, checked, id: `quiet-${value}` }), h('span', {}, label, detail));
  const quietStart = h('input', { id: 'quiet-start', name: 'quietStart', type: 'time' });
  const quietEnd = h('input', { id: 'quiet-end', name: 'quietEnd', type: 'time' });
  const suggestions = h('div', { id: 'segment-suggestions', class: 'suggestions' });
  const schedule = h('input', { id: 'schedule', name: 'schedule', type: 'datetime-local', 'aria-describedby': 'schedule-hint' });
  const variantList = h('div', { id: 'variants' });
  const status = statusLine();
  const rows: VariantRow[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previewRun = 0;

  const refreshControl = () => {
    const keys = rows.map((r) => r.key.value.trim()).filter(Boolean);
    const chosen = control.value;
    control.replaceChildren(...keys.map((k, i) => h('option', { value: k, selected: k === chosen || (!keys.includes(chosen) && i === 0) }, k)));
  };

  const addVariant = (key: string, body = '') => {
    const n = rows.length + 1;
    const row: VariantRow = {
      key: h('input', { id: `variant-${n}-key`, name: 'key', type: 'text', value: key, required: true, pattern: '[A-Za-z0-9_-]{1,32}' }),
      weight: h('input', { id: `variant-${n}-weight`, name: 'weight', type: 'number', min: 1, max: 10000, value: 1, required: true }),
      body: h('textarea', { id: `variant-${n}-body`, name: 'body', rows: 4, required: true, maxlength: 1600 }, body),
      preview: h('div', { class: 'preview', id: `variant-${n}-preview`, 'aria-live': 'polite' }),
      fieldset: h('fieldset', { class: 'variant', 'data-variant-index': n }),
    };
    const remove = h('button', { type: 'button', class: 'secondary', onclick: () => {
      if (rows.length <= 1) return;
      rows.splice(rows.indexOf(row), 1);
      row.fieldset.remove();
      refreshControl();
      schedulePreview();
    } }, 'Remove variant');
    row.fieldset.append(
      h('legend', {}, `Variant ${n}`),
      h('div', { class: 'row' }, field(row.key.id, 'Key', row.key), field(row.weight.id, 'Weight', row.weight)),
      field(row.body.id, 'Message', row.body),
      row.preview,
      remove,
    );
    for (const el of [row.key, row.body]) el.addEventListener('input', () => { refreshControl(); schedulePreview(); });
    rows.push(row);
    variantList.append(row.fieldset);
    refreshControl();
  };

  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void preview(), 300);
  };

  const preview = async () => {
    const run = ++previewRun;
    const variants = rows.map((r) => ({ key: r.key.value.trim(), body: r.body.value }));
    if (variants.some((v) => !v.key || !v.body.trim())) {
      for (const r of rows) if (!r.body.value.trim()) r.preview.replaceChildren(h('p', { class: 'muted' }, 'Write the message to see its preview.'));
      if (variants.every((v) => !v.key || !v.body.trim())) return;
    }
    const ready = variants.filter((v) => v.key && v.body.trim());
    try {
      // The preview needs only the bodies; the rest of the body is placeholder so a half-filled form still previews.
      const result = await api<{ variants: VariantPreview[] }>('/v1/campaigns/preview', {
        method: 'POST', json: { name: 'preview', from: '+15005550006', segments: ['preview'], variants: ready },
      });
      if (run !== previewRun) return;
      for (const p of result.variants) {
        const row = rows.find((r) => r.key.value.trim() === p.key);
        if (row) row.preview.replaceChildren(...renderPreview(p));
      }
    } catch (error) {
      if (run !== previewRun) return;
      for (const r of rows) r.preview.replaceChildren(h('p', { class: 'error' }, error instanceof Error ? error.message : String(error)));
    }
  };

  const body = (): Record<string, unknown> => {
    const utm = { source: utmSource.value.trim() || undefined, medium: utmMedium.value.trim() || undefined, campaign: utmCampaign.value.trim() || undefined };
    return {
      name: name.value.trim(),
      from: from.value.trim(),
      segments: splitList(segments.value),
      variants: rows.map((r) => ({ key: r.key.value.trim(), body: r.body.value, weight: Number(r.weight.value) || 1 })),
      controlVariant: control.value || undefined,
      tags: splitList(tags.value),
      currency: currency.value.trim().toUpperCase() || undefined,
      utm: Object.values(utm).some(Boolean) ? utm : undefined,
      holdoutPercent: holdout.value === '' ? undefined : Number(holdout.value),
      attributionWindowHours: attribution.value === '' ? undefined : Number(attribution.value),
      ...quietHoursField(),
      scheduledAt: schedule.value ? localDateTimeToIso(schedule.value) : undefined,
    };
  };

  /** Absent: the account's window applies at send time; an object: the campaign's own; null: never held. */
  const quietHoursField = (): { quietHours?: { start: string; end: string } | null } => {
    const mode = (form.querySelector('input[name="quietMode"]:checked') as HTMLInputElement | null)?.value ?? 'account';
    if (mode === 'none') return { quietHours: null };
    if (mode === 'own') return { quietHours: { start: quietStart.value, end: quietEnd.value } };
    return {};
  };

  const save = async (launch: boolean) => {
    showInfo(status, launch ? 'Creating and launching…' : 'Saving the draft…');
    try {
      const campaign = await api<Campaign>('/v1/campaigns', { method: 'POST', json: body() });
      if (launch) await api(`/v1/campaigns/${campaign.id}/launch`, { method: 'POST' });
      location.hash = `#/campaigns/${campaign.id}`;
    } catch (error) {
      showFieldErrors(form, error, status);
    }
  };

  const form = h('form', { id: 'composer', class: 'composer', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Campaign'),
      field('name', 'Name', name),
      field('from', 'Sender', from, 'E.164 number or Messaging Service SID'),
      field('segments', 'Target segments', segments, 'Comma-separated labels or engagement segments, in priority order: a recipient counts in the first one they have', 'segments'),
      suggestions,
      h('div', { class: 'row' }, field('tags', 'Tags', tags), field('currency', 'Currency', currency))),
    h('fieldset', {}, h('legend', {}, 'Variants (A/B)'), variantList,
      h('button', { type: 'button', class: 'secondary', id: 'add-variant', onclick: () => addVariant(String.fromCharCode(65 + rows.length)) }, 'Add variant'),
      field('control', 'Control variant', control)),
    h('fieldset', {}, h('legend', {}, 'Tracking (UTM)'),
      h('div', { class: 'row' }, field('utm-source', 'Source', utmSource), field('utm-medium', 'Medium', utmMedium), field('utm-campaign', 'Campaign', utmCampaign))),
    h('fieldset', {}, h('legend', {}, 'Measurement'),
      h('div', { class: 'row' },
        field('holdout-percent', 'Holdout (% of the audience)', holdout, 'Held back with no message, to measure the lift. 0 to 50; 0: no holdout. 10 is a common choice.', 'holdoutPercent'),
        field('attribution-window', 'Attribution window (hours)', attribution, 'Conversions later than this after the message are stored but not counted. 1 to 2,160; 168 is 7 days.', 'attributionWindowHours'))),
    h('fieldset', {}, h('legend', {}, 'When'),
      h('fieldset', { class: 'choices', id: 'quiet-mode' }, h('legend', {}, 'Quiet hours'),
        quietMode('account', 'Use the account\'s window', true, accountWindow),
        quietMode('own', 'Own window for this campaign'),
        quietMode('none', 'No quiet hours (send at any time)')),
      h('div', { class: 'row' }, field('quiet-start', 'Send only from', quietStart), field('quiet-end', 'until (recipient\'s time)', quietEnd, undefined, 'quietHours')),
      field('schedule', 'Schedule', schedule, 'Empty: send as soon as you launch. Your browser\'s time zone.')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', name: 'launch', id: 'save-launch' }, 'Save and launch'),
      h('button', { type: 'button', class: 'secondary', id: 'save-draft', onclick: () => void save(false) }, 'Save as draft')),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(true);
  });
  // Typing a window means "own window"; the time fields show only for it (and stay for assistive tech when chosen).
  const syncQuiet = () => {
    const own = (form.querySelector('#quiet-own') as HTMLInputElement).checked;
    for (const el of [quietStart, quietEnd]) el.closest('.field')!.classList.toggle('dimmed', !own);
  };
  for (const el of [quietStart, quietEnd]) el.addEventListener('input', () => { (form.querySelector('#quiet-own') as HTMLInputElement).checked = true; syncQuiet(); });
  form.addEventListener('change', (event) => { if ((event.target as HTMLInputElement).name === 'quietMode') syncQuiet(); });
  syncQuiet();
  addVariant('A');
  addVariant('B');
  main.append(h('h1', {}, 'New campaign'), form);
  name.focus();
  void loadHelpers(segments, suggestions, accountWindow);
  return () => clearTimeout(timer);
}

/** The account's engagement segments as one-click suggestions, and the account's quiet hours beside "use the account's window". */
async function loadHelpers(segments: HTMLInputElement, target: HTMLElement, accountWindow: HTMLElement): Promise<void> {
  const [defined, settings] = await Promise.all([
    api<Segment[]>('/v1/segments').catch(() => null),
    api<AccountSettings>('/v1/account/settings').catch(() => null),
  ]);
  if (settings) {
    accountWindow.textContent = settings.quietHours
      ? ` (now ${settings.quietHours.start} to ${settings.quietHours.end}, recipient's time)`
      : ' (the account has none now, so this sends at any time until one is set)';
  }
  if (!defined) return;
  const add = (key: string) => {
    const keys = splitList(segments.value);
    if (!keys.includes(key)) segments.value = [...keys, key].join(', ');
    segments.dispatchEvent(new Event('input'));
  };
  target.replaceChildren(defined.length === 0
    ? h('p', { class: 'muted' }, 'No engagement segment defined yet: ', h('a', { href: '#/audiences' }, 'define one on the Audiences page'), '.')
    : h('div', {}, h('p', { class: 'muted', id: 'segment-suggestions-title' }, 'Your engagement segments (add one to the targets):'),
      h('ul', { class: 'chips', 'aria-labelledby': 'segment-suggestions-title' }, defined.map((s) => h('li', {},
        h('button', { type: 'button', class: 'chip', 'data-segment-key': s.key, title: s.description ?? s.name ?? s.key, onclick: () => add(s.key) },
          `+ ${s.key}`, s.name ? h('span', { class: 'muted' }, ` · ${s.name}`) : null))))));
}

function renderPreview(p: VariantPreview): HTMLElement[] {
  const grows = linkAddsSegments(p);
  const parts: (HTMLElement | null)[] = [
    h('p', { class: 'sms', 'data-testid': 'preview-body' }, p.body),
    h('p', { class: 'preview-meta' },
      h('span', { class: 'badge', 'data-testid': 'preview-encoding' }, p.encoding), ' ',
      h('span', { class: grows ? 'badge warn' : 'badge', 'data-testid': 'preview-segments' }, `${p.segments} SMS segment${p.segments === 1 ? '' : 's'}`), ' ',
      h('span', {}, `${p.characters} characters`)),
    grows
      ? h('p', { class: 'warning', role: 'alert', 'data-testid': 'preview-link-warning' },
        `The tracked link pushes this message from ${p.segmentsBeforeLinks} to ${p.segments} segments: every recipient is billed ${p.segments}.`)
      : null,
    ...p.warnings.filter((w) => !w.startsWith('Short links change')).map((w) => h('p', { class: 'warning' }, w)),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}
