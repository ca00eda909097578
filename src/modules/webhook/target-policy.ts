import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where outbound webhooks may go. Only http(s) URLs, and unless private
 * targets are allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS) only globally routable
 * unicast addresses: no loopback, private, link-local, unique-local, CGNAT,
 * multicast, reserved, documentation or NAT64/IPv4-mapped forms of those.
 * ipaddr.js names every special range; anything but `unicast` is refused.
 */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
}

/** Which special range the address is in, or 'unicast' for a public one. IPv4-mapped IPv6 is judged as its IPv4. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return addressRange(address) === 'unicast';
}

/** The URL's problem for a webhook target, or null when its form is fine (addresses are checked separately). */
export function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials';
  if (!url.hostname) return 'must name a host';
  return null;
}

/** The hostname as an address literal (URL keeps IPv6 in brackets), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the target's host and returns the address to connect to, refusing
 * a host any of whose addresses is not public (a name that also resolves to
 * 127.0.0.1 is refused even if another of its addresses is public: a rebinding
 * attacker controls which one a client would pick).
 */
export async function resolveTarget(
  hostname: string,
  allowPrivate: boolean,
  resolver: Resolver = systemResolver,
): Promise<{ address: string; family: number }> {
  const literal = literalAddress(hostname);
  const addresses = literal ? [{ address: literal, family: isIP(literal) }] : await resolver(hostname);
  if (addresses.length === 0) throw new TargetRefusedError(`${hostname} does not resolve`);
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw new TargetRefusedError(`${hostname} resolves to ${refused.address}, a ${addressRange(refused.address)} address; only public addresses may receive webhooks`);
    }
  }
  return addresses[0];
}
