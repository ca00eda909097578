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

export function clear(element: Element): void {
  element.replaceChildren();
}

/** A table with a caption and column headers; rows of cells (th scope=row for the first cell when `rowHeader`). */
export function table(caption: string, headers: string[], rows: (Child | HTMLTableCellElement)[][], options: { rowHeader?: boolean; className?: string } = {}): HTMLElement {
  const t = h('table', { class: options.className ?? null },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
      cell instanceof HTMLTableCellElement ? cell : options.rowHeader && i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))))),
  );
  if (rows.length === 0) t.querySelector('tbody')!.append(h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'Nothing yet.')));
  return scrollRegion(caption, t);
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
