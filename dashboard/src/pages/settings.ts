import { api } from '../api.js';
import { clearFieldErrors, field, h, showFieldErrors, showInfo, statusLine } from '../dom.js';
import { settingsSummary } from '../format.js';
import type { AccountSettings } from '../types.js';

/**
 * Account settings: frequency caps (empty = no cap) and the account's quiet
 * hours, which apply to every campaign that has no window of its own.
 * Read with GET and saved with one PATCH /v1/account/settings.
 */
export async function settingsPage(main: HTMLElement): Promise<void> {
  const number = (id: string, max: number) =>
    h('input', { id, name: id, type: 'number', min: 1, max, step: 1, inputmode: 'numeric', placeholder: 'no cap' });
  const per24 = number('cap-24h', 100);
  const per7 = number('cap-7d', 500);
  const quietOn = h('input', { type: 'radio', name: 'quiet', id: 'quiet-on', value: 'on' });
  const quietOff = h('input', { type: 'radio', name: 'quiet', id: 'quiet-off', value: 'off' });
  const start = h('input', { id: 'settings-quiet-start', name: 'start', type: 'time' });
  const end = h('input', { id: 'settings-quiet-end', name: 'end', type: 'time' });
  const current = h('p', { id: 'settings-current', class: 'verdict-line', 'aria-live': 'polite' }, 'Loading…');
  const status = statusLine();

  const show = (settings: AccountSettings) => {
    per24.value = settings.frequencyCap.per24Hours === null ? '' : String(settings.frequencyCap.per24Hours);
    per7.value = settings.frequencyCap.per7Days === null ? '' : String(settings.frequencyCap.per7Days);
    quietOn.checked = Boolean(settings.quietHours);
    quietOff.checked = !settings.quietHours;
    start.value = settings.quietHours?.start ?? '';
    end.value = settings.quietHours?.end ?? '';
    current.textContent = `Now: ${settingsSummary(settings)}`;
  };
  for (const el of [start, end]) el.addEventListener('input', () => { quietOn.checked = true; });

  const form = h('form', { id: 'settings-form', class: 'card', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Frequency caps'),
      h('p', { class: 'muted' }, 'Checked when each message is about to go: a recipient at a cap is skipped for good (status skipped, counted as "Frequency capped"). Empty: no cap.'),
      h('div', { class: 'row' },
        field('cap-24h', 'Messages per recipient in any 24 hours', per24, '1 to 100; empty: no 24-hour cap', 'frequencyCap.per24Hours'),
        field('cap-7d', 'Messages per recipient in any 7 days', per7, '1 to 500; empty: no 7-day cap', 'frequencyCap.per7Days'))),
    h('fieldset', {}, h('legend', {}, 'Quiet hours'),
      h('p', { class: 'muted' }, "The allowed sending window in each recipient's local time, for campaigns that do not set their own. Outside it, messages wait for the next opening."),
      h('fieldset', { class: 'choices' }, h('legend', {}, 'Account window'),
        h('label', { class: 'choice', for: 'quiet-off' }, quietOff, ' No quiet hours'),
        h('label', { class: 'choice', for: 'quiet-on' }, quietOn, ' Send only in this window:')),
      h('div', { class: 'row' },
        field('settings-quiet-start', 'From', start),
        field('settings-quiet-end', "until (recipient's time)", end, undefined, 'quietHours'))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'settings-save' }, 'Save settings')),
    status,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const cap = (input: HTMLInputElement) => (input.value.trim() === '' ? null : Number(input.value));
    const body = {
      frequencyCap: { per24Hours: cap(per24), per7Days: cap(per7) },
      quietHours: quietOn.checked ? { start: start.value, end: end.value } : null,
    };
    showInfo(status, 'Saving…');
    try {
      show(await api<AccountSettings>('/v1/account/settings', { method: 'PATCH', json: body }));
      showInfo(status, 'Saved. Caps apply to the next message about to go; the quiet hours to every queued message of campaigns without their own.');
    } catch (error) {
      showFieldErrors(form, error, status);
    }
  });

  main.append(h('h1', {}, 'Settings'), current, form);
  try {
    show(await api<AccountSettings>('/v1/account/settings'));
  } catch (error) {
    showFieldErrors(form, error, status);
  }
}
