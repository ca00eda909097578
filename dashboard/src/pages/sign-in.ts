import { api, setApiKey } from '../api.js';
import { h, showError, statusLine } from '../dom.js';

/** Sign-in: the key is checked against the API, then kept in sessionStorage for this tab only. */
export function signInPage(main: HTMLElement, done: () => void): void {
  const input = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const status = statusLine();
  const form = h('form', { class: 'card narrow', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste your account\'s API key. It stays in this browser tab only and is forgotten when you close it.'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
    try {
      await api('/v1/campaigns?limit=1');
      done();
    } catch (error) {
      setApiKey(null);
      showError(status, error);
      input.focus();
    }
  });
  main.append(form);
  input.focus();
}
