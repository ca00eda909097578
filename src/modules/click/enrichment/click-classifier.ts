/**
 * Deciding whether a request to a tracked link was a person tapping it, an
 * app fetching it to draw a link preview, or some other automaton (security
 * scanner, headless browser, HTTP library). Pure: no I/O, no clock.
 *
 * The lists below are checked in order and the first match wins, so a more
 * specific pattern must come before a more general one (iMessage before
 * Facebook and Twitter, LinkedIn before Apache-HttpClient).
 */
import { isbotMatch } from 'isbot';
import { LRUCache } from 'lru-cache';

export type ClickClass = 'human' | 'preview' | 'scanner';

export interface ClickClassification {
  clickClass: ClickClass;
  /** The rule that fired, e.g. `head-request`, `preview:whatsapp`, `isbot:google`, `timing:2s-after-delivery`. */
  reason: string;
  /** The request came very soon after the delivery receipt: a hint that nobody read the SMS yet. Never a verdict. */
  timingSignal: boolean;
}

export interface ClickRequest {
  method: string;
  userAgent: string | null | undefined;
  /** Click time minus delivery receipt time; null when there is no receipt yet. */
  secondsSinceDelivery: number | null;
}

export interface UserAgentPattern {
  name: string;
  pattern: RegExp;
}

/**
 * Apps that fetch a link the moment it lands in a conversation, to show its
 * title and image. The recipient did not tap anything; the request only means
 * the message arrived in (or was shared to) that app.
 */
export const PREVIEW_FETCHERS: readonly UserAgentPattern[] = [
  // Apple Messages sends one fixed UA that names Facebook's and Twitter's bots; it must win over both.
  { name: 'imessage', pattern: /facebookexternalhit\/1\.1 Facebot Twitterbot\/1\.0/i },
  // LINE's fetcher also says facebookexternalhit. (LINE's in-app browser says `Line/<version>`, which is human.)
  { name: 'line', pattern: /\bline-poker\//i },
  // Signal asks with `WhatsApp/2` too, from the sender's phone.
  { name: 'whatsapp', pattern: /\bWhatsApp\/\d/i },
  // Says "like TwitterBot", so before Twitter. Telegram's in-app browser says `Telegram-Android`, which is human.
  { name: 'telegram', pattern: /\bTelegramBot\b/i },
  // `Slackbot-LinkExpanding`, `Slackbot 1.0` and the image proxy; the Slack desktop app says `Slack/<version>`.
  { name: 'slack', pattern: /\bSlackbot\b|\bSlack-ImgProxy\b/i },
  { name: 'discord', pattern: /\bDiscordbot\b/i },
  // Skype and Microsoft Teams.
  { name: 'skype', pattern: /\bSkypeUriPreview\b/i },
  // Teams, Outlook and Bing chat previews.
  { name: 'microsoft-preview', pattern: /\bMicrosoftPreview\b/i },
  // Google Messages (RCS) and Google Chat.
  { name: 'google-messages', pattern: /\bGoogle-PageRenderer\b/i },
  // The fetcher is the bare app (`Viber/20.1.0 CFNetwork/...`); the in-app browser puts `Viber/` after a browser UA.
  { name: 'viber', pattern: /^Viber\b/i },
  // Snapchat's in-app browser says `Snapchat/<version>`, which is human; only the preview service is matched.
  { name: 'snapchat', pattern: /\bSnap URL Preview\b/i },
  { name: 'kakaotalk', pattern: /\bkakaotalk-scrap\b/i },
  { name: 'vk', pattern: /\bvkShare\b/i },
  { name: 'yahoo', pattern: /\bYahoo Link Preview\b/i },
  { name: 'bluesky', pattern: /\bCardyb\b/i },
  { name: 'mastodon', pattern: /\bMastodon\/\d/i },
  // `FBAN/FBIOS` and `FB_IAB` are Facebook's in-app browser (a person); these are its fetchers.
  { name: 'facebook', pattern: /\bfacebookexternalhit\b|\bFacebot\b|\bfacebookcatalog\b/i },
  { name: 'linkedin', pattern: /\bLinkedInBot\b/i },
  { name: 'twitter', pattern: /\bTwitterbot\b/i },
  // `Pinterest/0.2` and `Pinterestbot/1.0`; the in-app browser says `[Pinterest/iOS]`.
  { name: 'pinterest', pattern: /\bPinterest(?:bot)?\/\d/i },
  { name: 'reddit', pattern: /\bredditbot\b/i },
  { name: 'embedly', pattern: /\bEmbedly\b/i },
  { name: 'iframely', pattern: /\bIframely\b/i },
];

/**
 * Mail and message security: link rewriters that check the destination at
 * delivery or at click time. Most of them fetch with an ordinary browser UA,
 * from the vendor's own addresses, and cannot be recognised here; the timing
 * signal is the only hint for those. These patterns catch the ones that say
 * who they are.
 */
export const SECURITY_SCANNERS: readonly UserAgentPattern[] = [
  // Outlook and Office fetch links themselves (SafeLinks time-of-click checks, protocol discovery)
  // as `ms-office` or `Microsoft Office/16.0 (...; Microsoft Outlook 16.0...)` before handing them to the browser.
  {
    name: 'microsoft-safelinks',
    pattern: /\bMicrosoft Office\b|\bMicrosoft Outlook\b|\bms-office\b|\bMSOffice\b|\bsafelinks\b/i,
  },
  { name: 'bing-preview', pattern: /\bBingPreview\b/i },
  { name: 'google-safe-browsing', pattern: /\bGoogle-Safety\b|\bSafeBrowsing\b/i },
  { name: 'proofpoint', pattern: /\bProofpoint\b/i },
  { name: 'mimecast', pattern: /\bMimecast\b/i },
  { name: 'barracuda', pattern: /\bBarracuda\b/i },
  { name: 'zscaler', pattern: /\bZscaler\b/i },
  { name: 'symantec', pattern: /\bSymantec\b|\bBlueCoat\b|\bNortonSafeWeb\b/i },
  { name: 'trend-micro', pattern: /\bTrend ?Micro\b/i },
  { name: 'forcepoint', pattern: /\bForcepoint\b|\bWebsense\b/i },
  { name: 'cisco', pattern: /\bIronPort\b|\bCisco[ -]?(?:Umbrella|Talos|Secure)\b/i },
  { name: 'palo-alto', pattern: /\bPalo ?Alto\b/i },
  { name: 'fortinet', pattern: /\bFortinet\b|\bFortiGuard\b/i },
  { name: 'sophos', pattern: /\bSophos\b/i },
  { name: 'urlscan', pattern: /\burlscan\b/i },
  { name: 'virustotal', pattern: /\bVirusTotal\b/i },
  { name: 'phishtank', pattern: /\bPhishTank\b/i },
  // Cloudmark filters SMS spam for many mobile carriers.
  { name: 'cloudmark', pattern: /\bCloudmark\b/i },
];

/**
 * Browsers driven by a program. Electron is deliberately absent: Slack, Teams
 * and Discord desktop apps are Electron and a person uses them.
 */
export const HEADLESS_BROWSERS: readonly UserAgentPattern[] = [
  // Puppeteer and Playwright in headless mode say HeadlessChrome unless told otherwise.
  { name: 'headless-chrome', pattern: /\bHeadlessChrome\b/i },
  { name: 'phantomjs', pattern: /\bPhantomJS\b/i },
  { name: 'slimerjs', pattern: /\bSlimerJS\b/i },
  { name: 'puppeteer', pattern: /\bPuppeteer\b/i },
  { name: 'playwright', pattern: /\bPlaywright\b/i },
  { name: 'jsdom', pattern: /\bjsdom\//i },
];

/** HTTP libraries and command-line tools: scripts, monitors, and scanners that did not bother with a UA. */
export const HTTP_CLIENTS: readonly UserAgentPattern[] = [
  { name: 'curl', pattern: /\bcurl\/\d/i },
  { name: 'wget', pattern: /\bWget\/\d/i },
  { name: 'python-requests', pattern: /\bpython-requests\//i },
  { name: 'python-urllib', pattern: /\bPython-urllib\//i },
  { name: 'aiohttp', pattern: /\baiohttp\//i },
  { name: 'httpx', pattern: /\bpython-httpx\//i },
  { name: 'go-http-client', pattern: /\bGo-http-client\//i },
  { name: 'okhttp', pattern: /\bokhttp\//i },
  { name: 'axios', pattern: /\baxios\//i },
  { name: 'node-fetch', pattern: /\bnode-fetch\b/i },
  // Node's built-in fetch sends `undici` or just `node`.
  { name: 'undici', pattern: /^undici\b|^node$/i },
  { name: 'apache-httpclient', pattern: /\bApache-HttpClient\//i },
  { name: 'java', pattern: /\bJava\/\d/i },
  { name: 'libwww-perl', pattern: /\blibwww-perl\//i },
  { name: 'ruby', pattern: /^Ruby\b|\bFaraday v\d/i },
  { name: 'php', pattern: /^PHP\b|\bGuzzleHttp\//i },
  { name: 'dart', pattern: /\bDart\/\d.*\(dart:io\)/i },
  { name: 'postman', pattern: /\bPostmanRuntime\//i },
  { name: 'insomnia', pattern: /\binsomnia\//i },
  { name: 'httpie', pattern: /\bHTTPie\//i },
];

/** Each list and the prefix its matches get in the reason, in the order they are tried after the preview list. */
const AUTOMATON_LISTS: readonly { prefix: string; list: readonly UserAgentPattern[] }[] = [
  { prefix: 'scanner', list: SECURITY_SCANNERS },
  { prefix: 'headless', list: HEADLESS_BROWSERS },
  { prefix: 'http-client', list: HTTP_CLIENTS },
];

/** The first entry of the list whose pattern matches, or null. */
export function matchUserAgent(userAgent: string, list: readonly UserAgentPattern[]): string | null {
  for (const entry of list) if (entry.pattern.test(userAgent)) return entry.name;
  return null;
}

/**
 * Human, preview or scanner, and the rule that decided it. The timing signal
 * is reported alongside and only ever changes a human click's reason: an
 * early tap can be a fast reader, and a human click never becomes a bot click.
 */
export function classifyClick(request: ClickRequest, timingSignalSeconds = 5): ClickClassification {
  const earlySeconds = secondsIfEarly(request.secondsSinceDelivery, timingSignalSeconds);
  const timingSignal = earlySeconds !== null;
  // Scanners check that a link resolves without downloading it; a browser following a link never sends HEAD.
  if (request.method.trim().toUpperCase() === 'HEAD') return { clickClass: 'scanner', reason: 'head-request', timingSignal };
  const automaton = automatonBehind(request.userAgent?.trim() ?? '');
  if (automaton) return { ...automaton, timingSignal };
  if (earlySeconds !== null) return { clickClass: 'human', reason: `timing:${Math.floor(earlySeconds)}s-after-delivery`, timingSignal };
  return { clickClass: 'human', reason: 'human', timingSignal };
}

type Automaton = { clickClass: Exclude<ClickClass, 'human'>; reason: string };

/**
 * Verdicts by user agent, memoised: a campaign's clicks repeat a few hundred
 * user agents, and the lists plus isbot's large pattern cost ~14 µs a string.
 */
const automatonByUserAgent = new LRUCache<string, Automaton | 'human'>({ max: 10_000 });

/** The automated client a user agent names, or null for a person's browser. */
function automatonBehind(userAgent: string): Automaton | null {
  let verdict = automatonByUserAgent.get(userAgent);
  if (verdict === undefined) {
    verdict = matchAutomaton(userAgent) ?? 'human';
    automatonByUserAgent.set(userAgent, verdict);
  }
  return verdict === 'human' ? null : verdict;
}

function matchAutomaton(userAgent: string): Automaton | null {
  if (userAgent === '') return { clickClass: 'scanner', reason: 'empty-user-agent' };
  const preview = matchUserAgent(userAgent, PREVIEW_FETCHERS);
  if (preview) return { clickClass: 'preview', reason: `preview:${preview}` };
  for (const { prefix, list } of AUTOMATON_LISTS) {
    const name = matchUserAgent(userAgent, list);
    if (name) return { clickClass: 'scanner', reason: `${prefix}:${name}` };
  }
  const bot = isbotMatch(userAgent);
  return bot !== null ? { clickClass: 'scanner', reason: `isbot:${bot.toLowerCase()}` } : null;
}

/**
 * The seconds since delivery when they are suspiciously few, else null.
 * Nobody reads an SMS and taps its link within a few seconds of the handset
 * receiving it, but a carrier or handset scanner does. Negative values (the
 * receipt came after the click) say nothing: receipts are often late.
 */
function secondsIfEarly(secondsSinceDelivery: number | null, thresholdSeconds: number): number | null {
  if (secondsSinceDelivery === null || !Number.isFinite(secondsSinceDelivery)) return null;
  return secondsSinceDelivery >= 0 && secondsSinceDelivery < thresholdSeconds ? secondsSinceDelivery : null;
}
