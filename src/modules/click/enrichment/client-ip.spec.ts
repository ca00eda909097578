import { anonymiseIp, capText, isPublicIp, normaliseIp, referrerHost } from './client-ip.js';

describe('normaliseIp', () => {
  it('keeps IPv4 as it is', () => {
    expect(normaliseIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp(' 8.8.8.8 ')).toBe('8.8.8.8');
  });

  it('unwraps IPv4-mapped IPv6, in dotted or hex form', () => {
    expect(normaliseIp('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(normaliseIp('::FFFF:8.8.8.8')).toBe('8.8.8.8');
    expect(normaliseIp('0:0:0:0:0:ffff:808:808')).toBe('8.8.8.8');
  });

  it('writes IPv6 in RFC 5952 form', () => {
    expect(normaliseIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normaliseIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1'); // the first of two equal runs
    expect(normaliseIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // a single zero group stays
    expect(normaliseIp('::')).toBe('::');
    expect(normaliseIp('::1')).toBe('::1');
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1');
    // IPv4-compatible (deprecated) is not mapped: it stays IPv6.
    expect(normaliseIp('::1.2.3.4')).toBe('::102:304');
  });

  it('refuses what is not an address', () => {
    for (const value of [null, undefined, '', 'garbage', '1.2.3', '01.2.3.4', '256.1.1.1', '[::1]', '1.2.3.4:80', '::ffff:1.2.3.04']) {
      expect(normaliseIp(value)).toBeNull();
    }
  });
});

describe('anonymiseIp', () => {
  it('truncates IPv4 to its /24', () => {
    expect(anonymiseIp('203.0.113.77', 'truncate')).toBe('203.0.113.0');
    expect(anonymiseIp('10.0.0.255', 'truncate')).toBe('10.0.0.0');
  });

  it('truncates IPv6 to its /48', () => {
    expect(anonymiseIp('2001:db8:85a3:8d3:1319:8a2e:370:7348', 'truncate')).toBe('2001:db8:85a3::');
    expect(anonymiseIp('2607:f8b0:4004:800::200e', 'truncate')).toBe('2607:f8b0:4004::');
    expect(anonymiseIp('2001:0:0:1::1', 'truncate')).toBe('2001::');
    expect(anonymiseIp('::1', 'truncate')).toBe('::');
  });

  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(anonymiseIp('::ffff:198.51.100.23', 'truncate')).toBe('198.51.100.0');
    expect(anonymiseIp('::ffff:198.51.100.23', 'full')).toBe('198.51.100.23');
  });

  it('keeps the whole normalised address in full mode', () => {
    expect(anonymiseIp('2001:DB8:0:0::7', 'full')).toBe('2001:db8::7');
    expect(anonymiseIp('203.0.113.77', 'full')).toBe('203.0.113.77');
  });

  it('stores nothing in none mode, or for an invalid address', () => {
    expect(anonymiseIp('203.0.113.77', 'none')).toBeNull();
    expect(anonymiseIp('garbage', 'truncate')).toBeNull();
    expect(anonymiseIp('garbage', 'full')).toBeNull();
    expect(anonymiseIp(null, 'full')).toBeNull();
  });
});

describe('isPublicIp', () => {
  it('accepts internet addresses', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '::ffff:8.8.8.8', '2607:f8b0:4004:800::200e']) expect(isPublicIp(ip)).toBe(true);
  });

  it('refuses private, loopback, link-local, CGNAT, documentation and multicast addresses', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.10.1',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '192.0.2.1',
      '::ffff:10.1.2.3',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456:789a::1',
      'ff02::1',
      '2001:db8::1',
      '64:ff9b::808:808',
      'garbage',
      '',
    ]) {
      expect({ ip, public: isPublicIp(ip) }).toEqual({ ip, public: false });
    }
  });

  it('does not refuse the public neighbours of private ranges', () => {
    expect(isPublicIp('172.32.0.1')).toBe(true);
    expect(isPublicIp('100.128.0.1')).toBe(true);
  });
});

describe('referrerHost', () => {
  it('gives the lowercased host of an http(s) URL', () => {
    expect(referrerHost('https://WWW.Example.COM/path?q=1#x')).toBe('www.example.com');
    expect(referrerHost('http://m.facebook.com:8080/')).toBe('m.facebook.com');
    expect(referrerHost('https://user:secret@example.com/')).toBe('example.com');
    expect(referrerHost('  https://example.com./  ')).toBe('example.com');
  });

  it('gives internationalised hosts in punycode', () => {
    expect(referrerHost('https://Bücher.example/')).toBe('xn--bcher-kva.example');
  });

  it('keeps IP hosts', () => {
    expect(referrerHost('http://192.168.0.1/admin')).toBe('192.168.0.1');
    expect(referrerHost('http://[2001:DB8::1]/')).toBe('[2001:db8::1]');
  });

  it('is null for empty, relative, invalid and non-http referrers', () => {
    for (const value of [
      null,
      undefined,
      '',
      '   ',
      '/relative/path',
      'example.com',
      'https://',
      'http://exa mple.com/',
      'android-app://com.google.android.gm/',
      'ftp://files.example.com/',
      'javascript:alert(1)',
      'about:blank',
    ]) {
      expect(referrerHost(value)).toBeNull();
    }
  });
});

describe('capText', () => {
  it('keeps short text as it is', () => {
    expect(capText('Mozilla/5.0', 512)).toBe('Mozilla/5.0');
    expect(capText('exactly', 7)).toBe('exactly');
  });

  it('is null for missing or empty text', () => {
    expect(capText(null, 10)).toBeNull();
    expect(capText(undefined, 10)).toBeNull();
    expect(capText('', 10)).toBeNull();
    expect(capText('abc', 0)).toBeNull();
  });

  it('keeps whitespace: only emptiness is nothing', () => {
    expect(capText('  ', 10)).toBe('  ');
  });

  it('cuts to maxLength code points', () => {
    expect(capText('abcdef', 3)).toBe('abc');
    expect(capText('😀😀😀', 2)).toBe('😀😀');
    expect(capText('a😀b', 2)).toBe('a😀');
  });

  it('never splits a surrogate pair', () => {
    // 'a😀' is three UTF-16 units; a naive slice(0, 2) would leave half the emoji.
    expect(capText('a😀', 1)).toBe('a');
    expect(capText('😀', 1)).toBe('😀');
    expect(capText('😀x', 1)).toBe('😀');
  });

  it('strips NUL characters before measuring', () => {
    expect(capText('a\0b\0c', 10)).toBe('abc');
    expect(capText('\0\0\0abcd', 3)).toBe('abc');
    expect(capText('\0\0', 10)).toBeNull();
  });

  it('passes lone surrogates through as one code point each', () => {
    expect(capText('\uD800abc', 2)).toBe('\uD800a');
  });

  it('refuses a nonsensical limit', () => {
    expect(() => capText('abc', -1)).toThrow(RangeError);
    expect(() => capText('abc', 1.5)).toThrow(RangeError);
    expect(() => capText('abc', Number.NaN)).toThrow(RangeError);
  });
});
