/**
 * The pages a person sees when a short link does not redirect. Plain HTML,
 * no assets: they are served from the hot path and must not leak anything
 * about which codes exist.
 */
function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;color:#1f2933;background:#f5f7fa}main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.4rem}</style></head>
<body><main><h1>${title}</h1><p>${message}</p></main></body>
</html>
`;
}

export const NOT_FOUND_PAGE = page('Link not found', 'This link does not exist or is no longer active. Check that it was copied completely.');
export const EXPIRED_PAGE = page('This link has expired', 'The offer behind this link has ended.');
export const TOO_MANY_PAGE = page('Too many requests', 'Please wait a minute and try again.');
export const UNAVAILABLE_PAGE = page('Temporarily unavailable', 'Please try again in a moment.');
/** Short links are per recipient: nothing on this host is for search engines. */
export const ROBOTS_TXT = 'User-agent: *\nDisallow: /\n';
