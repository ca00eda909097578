/**
 * UTM parameters on a short link's destination: which ones a campaign adds,
 * and adding them to the marketer's URL without disturbing anything already
 * in it. Pure functions.
 */

/** A campaign's UTM overrides. An empty string means "do not add this parameter". */
export interface UtmSettings {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
}

/** In the order they are appended to the destination. */
const UTM_KEYS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

/**
 * The UTM parameters for one variant's links, as `utm_*` name -> value.
 * By default the traffic is tagged sms/sms, with the campaign slug and the
 * variant key (so an A/B test shows up as two contents of one campaign);
 * `term` has no default. Overrides replace defaults key by key; an override
 * of '' drops the parameter, for marketers whose analytics already tag it.
 */
export function utmParameters(
  defaults: { campaignSlug: string; variantKey: string },
  overrides: UtmSettings | null | undefined,
): Record<string, string> {
  const base: UtmSettings = {
    source: 'sms',
    medium: 'sms',
    campaign: defaults.campaignSlug,
    content: defaults.variantKey,
  };
  const parameters: Record<string, string> = {};
  for (const key of UTM_KEYS) {
    // `??` rather than `in`: settings stored as JSON may carry null for "not set".
    const value = overrides?.[key] ?? base[key];
    if (value !== undefined && value !== '') parameters[`utm_${key}`] = value;
  }
  return parameters;
}

/**
 * The destination with the UTM parameters added to its query.
 *
 * The marketer's URL is theirs: a parameter they already set is never
 * overwritten nor repeated (whatever its value, even empty), and their own
 * query is kept byte for byte. That rules out `url.searchParams.append`,
 * which re-serialises the whole query as form data (`%20` -> `+`, `~` ->
 * `%7E`, ...); instead the existing query is only read, for its keys, and
 * the new pairs are appended to its raw text.
 *
 * Keys are compared as URLSearchParams decodes them (`utm%5Fsource` is
 * `utm_source`) and case-sensitively: analytics tools only read lowercase
 * `utm_source`, so a `UTM_SOURCE` already there does not stop us adding it.
 *
 * The result is WHATWG-serialised, as a browser would request it: IDN hosts
 * in punycode, non-ASCII path and query characters percent-encoded. A
 * destination that is not an http(s) URL is returned unchanged (launch
 * refuses those; this is not the place to fail a redirect).
 */
export function withUtm(destination: string, utm: Record<string, string>): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return destination;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return destination;

  const existing = new Set(new URLSearchParams(url.search).keys());
  const added = Object.entries(utm)
    .filter(([key]) => !existing.has(key))
    .map(([key, value]) => `${encodeQueryComponent(key)}=${encodeQueryComponent(value)}`);
  if (added.length === 0) return url.href;

  // url.search is '' for both "no query" and a bare trailing "?".
  const query = url.search.slice(1);
  const separator = query === '' || query.endsWith('&') ? '' : '&';
  // Setting `search` (not concatenating onto href) puts the query before the
  // fragment, including hash-routing URLs like https://x.com/#/path?a=1 whose
  // "query" is really part of the fragment. The setter only percent-encodes
  // characters that are not allowed in a query, which url.search and
  // encodeURIComponent output never contain, so the existing text is kept.
  url.search = query + separator + added.join('&');
  return url.href;
}

/**
 * encodeURIComponent, which writes a space as %20 as the rest of a URL
 * would, but without throwing on a lone surrogate (possible in a JSON
 * override): it becomes U+FFFD, as URLSearchParams would make it.
 */
function encodeQueryComponent(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
