import { trustedProxyCheck, TrustedProxyListError } from './trusted-proxies.js';

describe('trustedProxyCheck', () => {
  it('trusts the named ranges and nothing else', () => {
    const trusted = trustedProxyCheck(['loopback', 'uniquelocal']);
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd12::1', '::ffff:10.0.0.7']) {
      expect([address, trusted(address)]).toEqual([address, true]);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '169.254.1.1', '2001:4860::8888', '::ffff:8.8.8.8', 'not-an-ip', '']) {
      expect([address, trusted(address)]).toEqual([address, false]);
    }
  });

  it('takes single addresses and CIDRs of both families', () => {
    const trusted = trustedProxyCheck(['203.0.113.7', '198.51.100.0/24', '2001:db8::/32', 'linklocal']);
    expect([trusted('203.0.113.7'), trusted('203.0.113.8'), trusted('198.51.100.200'), trusted('2001:db8:1::5'), trusted('169.254.3.4')]).toEqual([
      true, false, true, true, true,
    ]);
  });

  it('refuses an entry it cannot read, naming it', () => {
    expect(() => trustedProxyCheck(['10.0.0.0/33'])).toThrow(TrustedProxyListError);
    expect(() => trustedProxyCheck(['proxy.internal'])).toThrow(/"proxy.internal"/);
  });

  it('keeps answering the same after forgetting old addresses', () => {
    const trusted = trustedProxyCheck(['loopback']);
    for (let i = 0; i < 25_000; i++) trusted(`8.8.${(i >> 8) & 255}.${i & 255}`);
    expect([trusted('127.0.0.1'), trusted('8.8.0.1')]).toEqual([true, false]);
  });
});
