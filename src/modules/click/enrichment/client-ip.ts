/**
 * Request metadata made fit to store: client IPs normalised and anonymised,
 * the referrer's host, and header text bounded for PostgreSQL. Pure.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** CLICK_IP_STORAGE: keep the network only, the whole address, or nothing. */
export type IpStorageMode = 'truncate' | 'full' | 'none';

/**
 * The canonical text of an IP address, or null when it is not one. An
 * IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, what a dual-stack socket
 * reports for an IPv4 client) becomes the IPv4 address; other IPv6 addresses
 * take the RFC 5952 form (lowercase, longest zero run compressed) and lose
 * any zone (`%eth0`), which means nothing outside the host that saw it.
 */
export function normaliseIp(ip: string | null | undefined): string | null {
  const text = ip?.trim() ?? '';
  if (isIPv4(text)) return text;
  const address = text.split('%', 1)[0];
  if (!isIPv6(address)) return null;
  const hextets = parseIpv6(address);
  return mappedIpv4(hextets) ?? formatIpv6(hextets);
}

/**
 * The address as CLICK_IP_STORAGE allows it to be stored, or null for
 * nothing. `truncate` keeps the network: an IPv4 /24 (a neighbourhood's
 * worth of customers of one ISP) or an IPv6 /48 (one site), which is enough
 * for geography and abuse analysis but not to single out a subscriber.
 */
export function anonymiseIp(ip: string | null | undefined, mode: IpStorageMode): string | null {
  if (mode === 'none') return null;
  const normalised = normaliseIp(ip);
  if (normalised === null || mode === 'full') return normalised;
  if (isIPv4(normalised)) return normalised.replace(/\.\d+$/, '.0');
  const hextets = parseIpv6(normalised);
  return formatIpv6([...hextets.slice(0, 3), 0, 0, 0, 0, 0]);
}

/**
 * Special-purpose ranges (RFC 6890 and the IANA registries) that are not
 * routed on the internet: a client address in one of them says nothing
 * about where the client is.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: the address of the translator, not of the client
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether the address is a valid one on the public internet (not private, loopback, documentation, ...). */
export function isPublicIp(ip: string | null | undefined): boolean {
  const normalised = normaliseIp(ip);
  if (normalised === null) return false;
  return !NOT_PUBLIC.check(normalised, isIPv4(normalised) ? 'ipv4' : 'ipv6');
}

/**
 * The lowercased host of an http(s) referrer, or null. Other schemes
 * (`android-app://com.google.android.gm/`) and unparseable values are null:
 * there is no site to report.
 */
export function referrerHost(referrer: string | null | undefined): string | null {
  const text = referrer?.trim();
  if (!text) return null;
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  // WHATWG URL already lowercases and punycodes; a trailing dot names the same host.
  return url.hostname.replace(/\.$/, '') || null;
}

/**
 * Header text bounded for a text column: NUL characters dropped (PostgreSQL
 * text cannot hold them and rejects the whole row), then cut to maxLength
 * code points, never between the two halves of a surrogate pair. Null when
 * nothing is left.
 */
export function capText(value: string | null | undefined, maxLength: number): string | null {
  if (!Number.isInteger(maxLength) || maxLength < 0) {
    throw new RangeError(`capText: maxLength must be a non-negative integer, got ${maxLength}`);
  }
  if (!value) return null;
  let text = value.includes('\0') ? value.replaceAll('\0', '') : value;
  // Fewer UTF-16 units than the limit means fewer code points too.
  if (text.length > maxLength) text = firstCodePoints(text, maxLength);
  return text === '' ? null : text;
}

function firstCodePoints(text: string, count: number): string {
  let end = 0;
  for (let taken = 0; taken < count && end < text.length; taken++) {
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  }
  return text.slice(0, end);
}

/** The eight 16-bit groups of an address that isIPv6 accepted (no zone). */
function parseIpv6(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    // A trailing IPv4 part (`::ffff:1.2.3.4`) is the last two groups.
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const before = groups(head);
  if (tail === undefined) return before;
  const after = groups(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/** RFC 5952 text: lowercase hex without leading zeros, the first longest run of two or more zero groups as `::`. */
function formatIpv6(hextets: readonly number[]): string {
  let runStart = -1;
  let runLength = 0;
  for (let i = 0; i < 8; ) {
    if (hextets[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hextets[j] === 0) j++;
    if (j - i > runLength) [runStart, runLength] = [i, j - i];
    i = j;
  }
  const hex = (part: readonly number[]) => part.map((group) => group.toString(16)).join(':');
  if (runLength < 2) return hex(hextets);
  return `${hex(hextets.slice(0, runStart))}::${hex(hextets.slice(runStart + runLength))}`;
}

/** `::ffff:a.b.c.d` as `a.b.c.d`, or null for any other address. */
function mappedIpv4(hextets: readonly number[]): string | null {
  if (hextets.slice(0, 5).some((group) => group !== 0) || hextets[5] !== 0xffff) return null;
  return [hextets[6] >> 8, hextets[6] & 0xff, hextets[7] >> 8, hextets[7] & 0xff].join('.');
}
