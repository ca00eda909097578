import {
  classifyClick,
  HEADLESS_BROWSERS,
  HTTP_CLIENTS,
  PREVIEW_FETCHERS,
  SECURITY_SCANNERS,
} from './click-classifier.js';

const get = (userAgent: string | null | undefined, secondsSinceDelivery: number | null = null) =>
  classifyClick({ method: 'GET', userAgent, secondsSinceDelivery });

/** Real user agents of people tapping a link, from phones, desktops and in-app browsers. */
const PEOPLE: [string, string][] = [
  [
    'Safari on iOS 17',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ],
  [
    'Safari on iOS 18',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome on Android',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Samsung Internet',
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  ],
  ['Firefox on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'],
  ['Firefox on Ubuntu', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  ],
  [
    'Instagram in-app browser',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.3.12.90 (iPhone15,3; iOS 17_4; en_US; en; scale=3.00; 1290x2796; 599227234)',
  ],
  [
    'Facebook in-app browser on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/459.0.0.38.110;FBBV/588449529;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/590102358]',
  ],
  [
    'Facebook in-app browser on Android',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/458.0.0.54.108;]',
  ],
  [
    'Messenger in-app browser',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/450.0.0.33.109;FBBV/570389876;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
  ],
  [
    'Snapchat in-app browser',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.56.0.44 (like Safari/8617.2.4.10.8, panda)',
  ],
  [
    'Viber in-app browser',
    'Mozilla/5.0 (Linux; Android 9; SM-G955U Build/PPR1.180610.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/79.0.3945.93 Mobile Safari/537.36 Viber/12.1.0.11',
  ],
  [
    'Telegram in-app browser',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36 Telegram-Android/10.6.2 (Samsung SM-A536B; Android 13; SDK 33; AVERAGE)',
  ],
  [
    'Pinterest in-app browser',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]',
  ],
  [
    'LINE in-app browser',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.3.0',
  ],
  [
    'Slack desktop app (Electron)',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.97 Chrome/130.0.6723.118 Electron/33.2.0 Safari/537.36 Sonic Slack_SSB/4.41.97',
  ],
];

const IMESSAGE =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0';

const PREVIEWS: [string, string][] = [
  ['imessage', IMESSAGE],
  ['line', 'facebookexternalhit/1.1;line-poker/1.0'],
  ['whatsapp', 'WhatsApp/2.23.20.0 A'],
  ['whatsapp', 'WhatsApp/2.24.6.77 i'],
  ['whatsapp', 'WhatsApp/2'],
  ['telegram', 'TelegramBot (like TwitterBot)'],
  ['slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['slack', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
  ['discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  ['skype', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com'],
  ['microsoft-preview', 'Mozilla/5.0 MicrosoftPreview/2.0 +https://aka.ms/MicrosoftPreview'],
  ['google-messages', 'Mozilla/5.0 Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)'],
  ['viber', 'Viber/12.7.1.27 CFNetwork/1121.2.2 Darwin/19.3.0'],
  ['snapchat', 'Mozilla/5.0 (compatible; Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots)'],
  ['kakaotalk', 'facebookexternalhit/1.1; kakaotalk-scrap/1.0; +https://devtalk.kakao.com/t/scrap/33984'],
  ['vk', 'Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)'],
  ['yahoo', 'Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)'],
  ['bluesky', 'Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)'],
  ['mastodon', 'http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)'],
  ['facebook', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
  ['facebook', 'Facebot'],
  ['linkedin', 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
  ['twitter', 'Twitterbot/1.0'],
  ['pinterest', 'Pinterest/0.2 (+https://www.pinterest.com/bot.html)'],
  ['pinterest', 'Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)'],
  ['reddit', 'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)'],
  ['embedly', 'Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)'],
  ['iframely', 'Iframely/1.3.1 (+https://iframely.com/docs/about) Atlas/0.1'],
];

const SCANNERS: [string, string][] = [
  ['scanner:microsoft-safelinks', 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)'],
  ['scanner:microsoft-safelinks', 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)'],
  [
    'scanner:bing-preview',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
  ],
  ['scanner:google-safe-browsing', 'Google-Safety'],
  ['scanner:proofpoint', 'Mozilla/5.0 (compatible; Proofpoint URL Defense)'],
  ['scanner:barracuda', 'Barracuda Sentinel (EE)'],
  [
    'headless:headless-chrome',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  ],
  [
    'headless:phantomjs',
    'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  ],
  ['http-client:curl', 'curl/8.4.0'],
  ['http-client:wget', 'Wget/1.21.3'],
  ['http-client:python-requests', 'python-requests/2.31.0'],
  ['http-client:python-urllib', 'Python-urllib/3.11'],
  ['http-client:aiohttp', 'Python/3.11 aiohttp/3.9.1'],
  ['http-client:httpx', 'python-httpx/0.27.0'],
  ['http-client:go-http-client', 'Go-http-client/2.0'],
  ['http-client:okhttp', 'okhttp/4.12.0'],
  ['http-client:axios', 'axios/1.6.2'],
  ['http-client:node-fetch', 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'],
  ['http-client:undici', 'undici'],
  ['http-client:undici', 'node'],
  ['http-client:apache-httpclient', 'Apache-HttpClient/4.5.13 (Java/11.0.12)'],
  ['http-client:java', 'Java/17.0.2'],
  ['http-client:libwww-perl', 'libwww-perl/6.72'],
  ['http-client:ruby', 'Ruby'],
  ['http-client:php', 'GuzzleHttp/7'],
  ['http-client:dart', 'Dart/3.2 (dart:io)'],
  ['http-client:postman', 'PostmanRuntime/7.36.0'],
  ['http-client:insomnia', 'insomnia/2023.5.8'],
  ['http-client:httpie', 'HTTPie/3.2.2'],
];

describe('classifyClick', () => {
  it.each(PEOPLE)('%s is human', (_name, userAgent) => {
    expect(get(userAgent)).toEqual({ clickClass: 'human', reason: 'human', timingSignal: false });
  });

  it.each(PREVIEWS)('%s is a preview fetcher: %s', (name, userAgent) => {
    expect(get(userAgent)).toEqual({ clickClass: 'preview', reason: `preview:${name}`, timingSignal: false });
  });

  it.each(SCANNERS)('%s is a scanner: %s', (reason, userAgent) => {
    expect(get(userAgent)).toEqual({ clickClass: 'scanner', reason, timingSignal: false });
  });

  it('falls back to isbot for crawlers not in our lists', () => {
    expect(get('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toEqual({
      clickClass: 'scanner',
      reason: 'isbot:google',
      timingSignal: false,
    });
    expect(get('Mozilla/5.0 (compatible; Applebot/0.1; +http://www.apple.com/go/applebot)').clickClass).toBe(
      'scanner',
    );
  });

  it('counts a HEAD request as a scanner whatever the user agent says', () => {
    const [, safari] = PEOPLE[0];
    expect(classifyClick({ method: 'HEAD', userAgent: safari, secondsSinceDelivery: null })).toEqual({
      clickClass: 'scanner',
      reason: 'head-request',
      timingSignal: false,
    });
    expect(classifyClick({ method: 'head', userAgent: safari, secondsSinceDelivery: null }).reason).toBe(
      'head-request',
    );
  });

  it('counts a missing or blank user agent as a scanner', () => {
    for (const userAgent of [null, undefined, '', '   ', '\t\n']) {
      expect(get(userAgent)).toEqual({ clickClass: 'scanner', reason: 'empty-user-agent', timingSignal: false });
    }
  });

  it('matches case-insensitively and ignores surrounding whitespace', () => {
    expect(get('  whatsapp/2.23.20.0 A  ').reason).toBe('preview:whatsapp');
    expect(get('CURL/8.0.1').reason).toBe('http-client:curl');
  });
});

describe('classifyClick timing signal', () => {
  const [, safari] = PEOPLE[0];

  it('flags a human click under the threshold but keeps it human', () => {
    // Whole seconds elapsed, rounded down: 4.9 s must not read as the 5 s threshold itself.
    expect(get(safari, 4.9)).toEqual({ clickClass: 'human', reason: 'timing:4s-after-delivery', timingSignal: true });
    expect(get(safari, 0)).toEqual({ clickClass: 'human', reason: 'timing:0s-after-delivery', timingSignal: true });
    expect(get(safari, 2.2).reason).toBe('timing:2s-after-delivery');
  });

  it('does not flag at or after the threshold, without a receipt, or before the receipt', () => {
    for (const seconds of [5, 5.01, 3600, null, -0.5, -30, Number.NaN]) {
      expect(get(safari, seconds)).toEqual({ clickClass: 'human', reason: 'human', timingSignal: false });
    }
  });

  it('follows a configured threshold', () => {
    const at = (seconds: number) => classifyClick({ method: 'GET', userAgent: safari, secondsSinceDelivery: seconds }, 10);
    expect(at(9.4)).toEqual({ clickClass: 'human', reason: 'timing:9s-after-delivery', timingSignal: true });
    expect(at(10).timingSignal).toBe(false);
    expect(classifyClick({ method: 'GET', userAgent: safari, secondsSinceDelivery: 0 }, 0).timingSignal).toBe(false);
  });

  it('sets the flag on automated classes but keeps their rule as the reason', () => {
    expect(get('WhatsApp/2.23.20.0 A', 1)).toEqual({ clickClass: 'preview', reason: 'preview:whatsapp', timingSignal: true });
    expect(get('curl/8.4.0', 1)).toEqual({ clickClass: 'scanner', reason: 'http-client:curl', timingSignal: true });
    expect(classifyClick({ method: 'HEAD', userAgent: safari, secondsSinceDelivery: 1 })).toEqual({
      clickClass: 'scanner',
      reason: 'head-request',
      timingSignal: true,
    });
  });
});

describe('user agent lists', () => {
  const lists = { PREVIEW_FETCHERS, SECURITY_SCANNERS, HEADLESS_BROWSERS, HTTP_CLIENTS };

  it.each(Object.entries(lists))('%s: names are unique kebab-case and patterns case-insensitive', (_list, entries) => {
    const names = entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { name, pattern } of entries) {
      expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(pattern.flags).toContain('i');
      // A global or sticky regex keeps lastIndex between test() calls and would miss every other match.
      expect(pattern.global || pattern.sticky).toBe(false);
    }
  });

  it('catches no real person in any list', () => {
    const all = Object.values(lists).flat();
    for (const [name, userAgent] of PEOPLE) {
      const hits = all.filter((entry) => entry.pattern.test(userAgent)).map((entry) => entry.name);
      expect({ name, hits }).toEqual({ name, hits: [] });
    }
  });
});
