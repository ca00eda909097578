import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** proxy-addr's names for address ranges, which TRUST_PROXY accepts. */
const NAMED_RANGES: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/** Distinct addresses remembered; the oldest half is dropped past this, so a flood of forged ones cannot grow it. */
const REMEMBERED = 10_000;

export class TrustedProxyListError extends Error {}

/**
 * Whether an address is one of the trusted proxies (a list of addresses,
 * CIDRs and the names loopback, linklocal, uniquelocal), in the shape
 * Fastify's trustProxy takes. Fastify's own list handling parses every
 * address of every request with ipaddr.js, a fifth of what a redirect
 * allocates; this checks with node:net's BlockList and remembers answers.
 */
export function trustedProxyCheck(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry);
  const answers = new Map<string, boolean>();
  return (address) => {
    let trusted = answers.get(address);
    if (trusted === undefined) {
      trusted = isTrusted(list, address);
      if (answers.size >= REMEMBERED) for (const key of [...answers.keys()].slice(0, REMEMBERED / 2)) answers.delete(key);
      answers.set(address, trusted);
    }
    return trusted;
  };
}

function addEntry(list: BlockList, entry: string): void {
  const named = NAMED_RANGES[entry];
  if (named) {
    for (const [network, prefix, family] of named) list.addSubnet(network, prefix, family);
    return;
  }
  const [address, prefixText] = entry.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  const prefix = prefixText === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefixText);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
    throw new TrustedProxyListError(`TRUST_PROXY: "${entry}" is not an address, a CIDR or one of loopback, linklocal, uniquelocal`);
  }
  list.addSubnet(address, prefix, family);
}

function isTrusted(list: BlockList, address: string): boolean {
  // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1] : address;
  if (isIPv4(plain)) return list.check(plain, 'ipv4');
  if (isIPv6(plain)) return list.check(plain, 'ipv6');
  return false;
}
