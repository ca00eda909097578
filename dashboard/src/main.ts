import { apiKey, setApiKey } from './api.js';
import { destroyCharts } from './charts.js';
import { h } from './dom.js';
import { audiencesPage } from './pages/audiences.js';
import { campaignPage } from './pages/campaign.js';
import { composerPage } from './pages/composer.js';
import { overviewPage } from './pages/overview.js';
import { recipientsPage } from './pages/recipients.js';
import { settingsPage } from './pages/settings.js';
import { signInPage } from './pages/sign-in.js';

/** A page renders into `main`; it may return a cleanup (close the live feed) run when the route changes. */
export type Page = (main: HTMLElement, params: Record<string, string>) => Promise<(() => void) | void> | (() => void) | void;

const ROUTES: [RegExp, Page, string][] = [
  [/^#\/?$/, overviewPage, 'Overview'],
  [/^#\/campaigns\/new$/, composerPage, 'New campaign'],
  [/^#\/campaigns\/(?<id>[0-9a-f-]{36})$/, campaignPage, 'Campaign'],
  [/^#\/recipients$/, recipientsPage, 'Recipients'],
  [/^#\/audiences$/, audiencesPage, 'Audiences'],
  [/^#\/settings$/, settingsPage, 'Settings'],
];

let cleanup: (() => void) | void;

async function route(): Promise<void> {
  const main = document.getElementById('main')!;
  cleanup?.();
  cleanup = undefined;
  destroyCharts(main);
  main.replaceChildren();
  renderNav();
  if (!apiKey()) {
    document.title = 'Sign in · SMS Links';
    signInPage(main, () => void route());
    return;
  }
  const hash = location.hash || '#/';
  for (const [pattern, page, title] of ROUTES) {
    const match = pattern.exec(hash);
    if (!match) continue;
    document.title = `${title} · SMS Links`;
    main.setAttribute('aria-busy', 'true');
    try {
      cleanup = await page(main, match.groups ?? {});
    } finally {
      main.removeAttribute('aria-busy');
    }
    return;
  }
  main.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
}

function renderNav(): void {
  const nav = document.getElementById('nav')!;
  const signedIn = Boolean(apiKey());
  const hash = location.hash || '#/';
  const link = (href: string, label: string, current: boolean) => h('li', {}, h('a', { href, 'aria-current': current ? 'page' : null }, label));
  nav.replaceChildren(
    ...(signedIn
      ? [
        h('ul', {},
          link('#/', 'Overview', hash === '#/' || hash === '#'),
          link('#/campaigns/new', 'New campaign', hash === '#/campaigns/new'),
          link('#/recipients', 'Recipients', hash === '#/recipients'),
          link('#/audiences', 'Audiences', hash === '#/audiences'),
          link('#/settings', 'Settings', hash === '#/settings')),
        h('button', { type: 'button', class: 'link-button', onclick: () => { setApiKey(null); void route(); } }, 'Sign out'),
      ]
      : []),
  );
}

window.addEventListener('hashchange', () => {
  void route().then(() => document.getElementById('main')?.focus({ preventScroll: false }));
});
void route();
