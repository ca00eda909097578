/**
 * Call-to-action URLs inside an SMS body: finding them, checking them, and
 * rendering the body with each one replaced by a short link. Pure functions.
 */

export interface FoundUrl {
  /** The URL exactly as written in the body. */
  url: string;
  /** Offsets into the body: body.slice(start, end) === url. */
  start: number;
  end: number;
}

/**
 * Anything shaped `scheme://...` up to whitespace or a character that cannot
 * be part of a URL in running text. Non-http schemes are found too, so that
 * `ftp://...` is refused rather than silently sent untracked.
 */
const URL_CANDIDATE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+/gi;

/** Sentence punctuation that ends text, not URLs ("Visit https://x.com/a."). */
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Finds every `scheme://` URL in the body, in order, without surrounding punctuation. */
export function findUrls(body: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const match of body.matchAll(URL_CANDIDATE)) {
    const url = trimUrl(match[0]);
    if (!/:\/\/./.test(url)) continue;
    found.push({ url, start: match.index, end: match.index + url.length });
  }
  return found;
}

/**
 * Drops trailing punctuation and closing brackets that were not opened inside
 * the URL: "(https://x.com)" -> "https://x.com", but
 * "https://en.wikipedia.org/wiki/Mercury_(planet)" keeps its parenthesis.
 */
export function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    const last = url.at(-1);
    if (last && last in CLOSERS && count(url, last) > count(url, CLOSERS[last])) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** Why a call-to-action URL cannot be tracked, or null when it is fine. */
export function destinationProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"${url}" uses ${parsed.protocol.slice(0, -1)}://; only http and https links can be tracked`;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return `"${url}" contains credentials (user:password@); remove them`;
  }
  if (parsed.hostname === '') return `"${url}" has no host`;
  return null;
}

/** A variant body cut at its URLs: parts.length === urls.length + 1. */
export interface BodyTemplate {
  parts: string[];
  urls: string[];
}

export function toTemplate(body: string): BodyTemplate {
  const parts: string[] = [];
  const urls: string[] = [];
  let cursor = 0;
  for (const found of findUrls(body)) {
    parts.push(body.slice(cursor, found.start));
    urls.push(found.url);
    cursor = found.end;
  }
  parts.push(body.slice(cursor));
  return { parts, urls };
}

/** The body a recipient receives: each URL replaced by that recipient's short link, in order. */
export function renderTemplate(template: BodyTemplate, shortLinks: readonly string[]): string {
  if (shortLinks.length !== template.urls.length) {
    throw new Error(`renderTemplate: ${template.urls.length} URLs but ${shortLinks.length} short links`);
  }
  let out = template.parts[0];
  for (let i = 0; i < shortLinks.length; i++) out += shortLinks[i] + template.parts[i + 1];
  return out;
}

/** `${base}/${code}` without a doubled slash whatever the configured base looks like. */
export function shortLinkUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${code}`;
}
