/**
 * What device, system and browser a user agent describes, for click
 * analytics. Classification (person or bot) is click-classifier.ts's job.
 */
import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';

export type DeviceType = 'mobile' | 'tablet' | 'desktop' | 'other';

export interface UserAgentDescription {
  deviceType: DeviceType;
  os: string | null;
  osVersion: string | null;
  browser: string | null;
  browserVersion: string | null;
}

/**
 * ua-parser-js only reads the first 500 characters (after leading
 * whitespace), so anything past that cannot change the answer. Keying the
 * cache on that prefix also bounds its memory when headers are huge.
 */
const PARSED_LENGTH = 500;
/** A campaign's clicks come from a few thousand distinct browsers; a batch repeats them. */
const CACHED_USER_AGENTS = 10_000;

/**
 * Systems that only run on desktops and laptops, as ua-parser-js names them.
 * ua-parser sets no device type for these, and none for bots or unknown
 * gadgets either, so the system is what tells a desktop apart.
 */
const DESKTOP_OS = new Set([
  'windows', 'mac os', 'macos', 'chromium os', 'chrome os',
  // Linux and its distributions, when the user agent names one.
  'linux', 'gnu', 'hurd', 'ubuntu', 'kubuntu', 'xubuntu', 'lubuntu', 'debian', 'fedora', 'suse', 'opensuse',
  'gentoo', 'arch', 'slackware', 'mandriva', 'centos', 'red hat', 'redhat', 'mint', 'manjaro', 'deepin',
  'elementary os', 'pclinuxos', 'mageia', 'zenwalk', 'linpus', 'sabayon', 'linspire', 'vectorlinux',
  'freebsd', 'openbsd', 'netbsd', 'pc-bsd', 'ghostbsd', 'dragonfly', 'solaris', 'opensolaris', 'haiku',
]);

const NOTHING: UserAgentDescription = Object.freeze({
  deviceType: 'other',
  os: null,
  osVersion: null,
  browser: null,
  browserVersion: null,
});

const parser = new UAParser();
const described = new LRUCache<string, UserAgentDescription>({ max: CACHED_USER_AGENTS });

/**
 * The description of a user agent. Results are cached and shared between
 * callers, so they are frozen.
 */
export function describeUserAgent(userAgent: string | null | undefined): Readonly<UserAgentDescription> {
  const key = userAgent?.trim().slice(0, PARSED_LENGTH) ?? '';
  if (key === '') return NOTHING;
  let description = described.get(key);
  if (!description) {
    description = Object.freeze(parse(key));
    described.set(key, description);
  }
  return description;
}

function parse(userAgent: string): UserAgentDescription {
  const { device, os, browser } = parser.setUA(userAgent).getResult();
  return {
    deviceType: deviceType(device.type, os.name),
    os: os.name || null,
    osVersion: os.version || null,
    browser: browser.name || null,
    browserVersion: browser.version || null,
  };
}

function deviceType(parsedType: string | undefined, osName: string | undefined): DeviceType {
  if (parsedType === 'mobile') return 'mobile';
  if (parsedType === 'tablet') return 'tablet';
  // Any other type is a console, TV, watch, car, headset or embedded device.
  if (parsedType === undefined && osName !== undefined && DESKTOP_OS.has(osName.toLowerCase())) return 'desktop';
  return 'other';
}
