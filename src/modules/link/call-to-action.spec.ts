import { destinationProblem, findUrls, renderTemplate, shortLinkUrl, toTemplate, trimUrl } from './call-to-action.js';

const urls = (body: string) => findUrls(body).map((f) => f.url);

describe('findUrls', () => {
  it('finds a plain URL with its offsets', () => {
    const body = 'Sale! https://shop.example.com/sale now';
    expect(findUrls(body)).toEqual([{ url: 'https://shop.example.com/sale', start: 6, end: 35 }]);
  });

  it('keeps query strings and fragments', () => {
    expect(urls('Go https://x.com/a?b=1&c=%20d#top today')).toEqual(['https://x.com/a?b=1&c=%20d#top']);
  });

  it('drops sentence punctuation after the URL', () => {
    expect(urls('See https://x.com/a.')).toEqual(['https://x.com/a']);
    expect(urls('See https://x.com/a?q=1, then https://y.com!')).toEqual(['https://x.com/a?q=1', 'https://y.com']);
    expect(urls('Really https://x.com/a?!')).toEqual(['https://x.com/a']);
  });

  it('drops brackets that wrap the URL but keeps balanced ones inside it', () => {
    expect(urls('(https://x.com)')).toEqual(['https://x.com']);
    expect(urls('[see https://x.com/a].')).toEqual(['https://x.com/a']);
    expect(urls('Read https://en.wikipedia.org/wiki/Mercury_(planet) now')).toEqual([
      'https://en.wikipedia.org/wiki/Mercury_(planet)',
    ]);
    expect(urls('(about https://en.wikipedia.org/wiki/Mercury_(planet)).')).toEqual([
      'https://en.wikipedia.org/wiki/Mercury_(planet)',
    ]);
  });

  it('finds several URLs in order, any case of scheme', () => {
    expect(urls('A HTTPS://A.com/x B http://b.com:8080/y\nC https://c.com')).toEqual([
      'HTTPS://A.com/x',
      'http://b.com:8080/y',
      'https://c.com',
    ]);
  });

  it('finds non-http schemes so they can be refused', () => {
    expect(urls('Files at ftp://files.example.com/a.zip')).toEqual(['ftp://files.example.com/a.zip']);
  });

  it('stops at quotes and angle brackets', () => {
    expect(urls('Link: <https://x.com/a> or "https://y.com/b"')).toEqual(['https://x.com/a', 'https://y.com/b']);
  });

  it('finds nothing in a body without URLs', () => {
    expect(findUrls('Reply STOP to opt out. www.x.com is not a URL here.')).toEqual([]);
    expect(findUrls('Ratio 3:// not a url')).toEqual([]);
  });
});

describe('trimUrl', () => {
  it('is idempotent', () => {
    expect(trimUrl(trimUrl('https://x.com/a).'))).toBe('https://x.com/a');
  });
});

describe('destinationProblem', () => {
  it('accepts http and https', () => {
    expect(destinationProblem('https://x.com/a?b=1#c')).toBeNull();
    expect(destinationProblem('http://localhost:8080/')).toBeNull();
  });

  it('refuses other schemes', () => {
    expect(destinationProblem('ftp://files.example.com/a.zip')).toMatch(/only http and https/);
    expect(destinationProblem('javascript://x.com/%0Aalert(1)')).toMatch(/only http and https/);
  });

  it('refuses credentials', () => {
    expect(destinationProblem('https://user:pass@x.com/')).toMatch(/credentials/);
    expect(destinationProblem('https://user@x.com/')).toMatch(/credentials/);
  });

  it('refuses what WHATWG URL cannot parse', () => {
    expect(destinationProblem('https://exa mple.com')).toMatch(/not a valid URL/);
    expect(destinationProblem('http://[::1')).toMatch(/not a valid URL/);
  });
});

describe('toTemplate / renderTemplate', () => {
  it('replaces each URL by its short link in order and keeps the text around it', () => {
    const template = toTemplate('Hi! (https://a.com/x) and https://b.com/y. Bye');
    expect(template).toEqual({ parts: ['Hi! (', ') and ', '. Bye'], urls: ['https://a.com/x', 'https://b.com/y'] });
    expect(renderTemplate(template, ['S1', 'S2'])).toBe('Hi! (S1) and S2. Bye');
  });

  it('renders a body without URLs unchanged', () => {
    const template = toTemplate('No links here');
    expect(renderTemplate(template, [])).toBe('No links here');
  });

  it('refuses a short link count that does not match', () => {
    expect(() => renderTemplate(toTemplate('https://a.com'), [])).toThrow(/1 URLs but 0/);
  });
});

describe('shortLinkUrl', () => {
  it('joins base and code with exactly one slash', () => {
    expect(shortLinkUrl('https://s.co', 'Ab3dEf9h')).toBe('https://s.co/Ab3dEf9h');
    expect(shortLinkUrl('https://s.co/', 'Ab3dEf9h')).toBe('https://s.co/Ab3dEf9h');
  });
});
