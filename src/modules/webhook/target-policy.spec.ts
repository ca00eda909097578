import { isPublicAddress, literalAddress, resolveTarget, TargetRefusedError, urlProblem } from './target-policy.js';

describe('webhook target policy', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
    '64:ff9b::a00:1', '192.0.2.10',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::6810:85e5', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('accepts http(s) URLs only, without credentials', () => {
    expect(urlProblem('https://crm.example.com/hooks?x=1')).toBeNull();
    expect(urlProblem('http://10.0.0.1:8080/')).toBeNull();
    expect(urlProblem('ftp://crm.example.com/')).toBe('must use http or https');
    expect(urlProblem('javascript:alert(1)')).toBe('must use http or https');
    expect(urlProblem('crm.example.com/hook')).toBe('must be an absolute http(s) URL');
    expect(urlProblem('https://user:pw@crm.example.com/')).toBe('must not carry credentials');
  });

  it('reads address literals, IPv6 in brackets', () => {
    expect(literalAddress('[::1]')).toBe('::1');
    expect(literalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(literalAddress('crm.example.com')).toBeNull();
  });

  it('refuses a name any of whose addresses is private, unless private targets are allowed', async () => {
    const resolver = async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
    await expect(resolveTarget('rebind.example', false, resolver)).rejects.toThrow(TargetRefusedError);
    await expect(resolveTarget('rebind.example', false, resolver)).rejects.toThrow('127.0.0.1, a loopback address');
    await expect(resolveTarget('rebind.example', true, resolver)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('checks literals without asking DNS', async () => {
    const resolver = async () => {
      throw new Error('DNS must not be asked');
    };
    await expect(resolveTarget('[::1]', false, resolver)).rejects.toThrow('::1, a loopback address');
    await expect(resolveTarget('8.8.8.8', false, resolver)).resolves.toEqual({ address: '8.8.8.8', family: 4 });
  });
});
