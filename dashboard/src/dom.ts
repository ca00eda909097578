import { ApiError } from './api.js';
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** A tiny element builder: h('a', { href: '#/' }, 'Home'). Text is always text (no innerHTML anywhere). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** A table with a caption and column headers; rows of cells (th scope=row for the first cell when `rowHeader`); `id` goes on its scroll region. */
export function table(caption: string, headers: string[], rows: (Child | HTMLTableCellElement)[][], options: { rowHeader?: boolean; className?: string; id?: string } = {}): HTMLElement {
  const t = h('table', { class: options.className ?? null },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
      cell instanceof HTMLTableCellElement ? cell : options.rowHeader && i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))))),
  );
  if (rows.length === 0) t.querySelector('tbody')!.append(h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'Nothing yet.')));
  const region = scrollRegion(caption, t);
  if (options.id) region.id = options.id;
  return region;
}

let regionCount = 0;
/** Wide tables scroll sideways inside a focusable, labelled region (keyboard users can scroll it too). */
export function scrollRegion(label: string, content: HTMLElement): HTMLElement {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: 0, id: `region-${++regionCount}` }, content);
}

/** A status line for errors and progress: read out by screen readers when it changes. */
export function statusLine(): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function showError(target: HTMLElement, error: unknown): void {
  target.textContent = error instanceof Error ? error.message : String(error);
  target.classList.add('error');
}

export function showInfo(target: HTMLElement, text: string): void {
  target.textContent = text;
  target.classList.remove('error');
}

/** A labelled input with its hint and, when `apiField` is given, the place the API's problem with that field is shown. */
export function field(id: string, label: string, input: HTMLElement, hint?: string, apiField?: string): HTMLDivElement {
  if (apiField) input.setAttribute('aria-describedby', [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', { id: `${id}-hint` }, hint) : null,
    apiField ? fieldError(id, apiField) : null);
}

/** One tile of a `<dl class="tiles">`: a label and its value. */
export function tile(label: string, value: string): HTMLElement {
  return h('div', { class: 'tile' }, h('dt', {}, label), h('dd', {}, value));
}

/**
 * An element that shows the API's problem with one field, next to it: `for` is the request field it
 * answers for (`holdoutPercent`, or `rule`, which also takes `rule.and[0].clicked.variant`).
 * The input should name it in aria-describedby (its id is `${inputId}-error`).
 */
export function fieldError(inputId: string, field: string): HTMLParagraphElement {
  return h('p', { class: 'field-error', id: `${inputId}-error`, 'data-error-for': field, 'aria-live': 'polite' });
}

export function clearFieldErrors(scope: HTMLElement): void {
  for (const el of scope.querySelectorAll<HTMLElement>('[data-error-for]')) el.textContent = '';
}

/**
 * Puts each problem of an API error next to its field, verbatim ("rule.and[0].clicked.variant: campaign ... has no variant Z");
 * the whole message also goes to `status`, so nothing is lost when no field claims a problem.
 */
export function showFieldErrors(scope: HTMLElement, error: unknown, status: HTMLElement): void {
  clearFieldErrors(scope);
  showError(status, error);
  if (!(error instanceof ApiError)) return;
  const problems = error.problems.length ? error.problems.map((p) => ({ field: p.field, text: `${p.field}: ${p.problem}` }))
    : error.field ? [{ field: error.field, text: error.message }] : [];
  const targets = [...scope.querySelectorAll<HTMLElement>('[data-error-for]')];
  for (const problem of problems) {
    const target = targets.find((el) => {
      const name = el.dataset.errorFor!;
      return problem.field === name || problem.field.startsWith(`${name}.`) || problem.field.startsWith(`${name}[`);
    });
    if (target) target.textContent = target.textContent ? `${target.textContent}; ${problem.text}` : problem.text;
  }
}
