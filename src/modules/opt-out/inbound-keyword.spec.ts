import { parseInboundKeyword } from './inbound-keyword.js';

describe('parseInboundKeyword', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])('%s opts out', (word) => {
    expect(parseInboundKeyword(word)).toBe('opt_out');
    expect(parseInboundKeyword(word.toLowerCase())).toBe('opt_out');
  });

  it.each(['START', 'UNSTOP', 'YES'])('%s opts in', (word) => {
    expect(parseInboundKeyword(word)).toBe('opt_in');
  });

  it.each(['HELP', 'INFO'])('%s asks for help', (word) => {
    expect(parseInboundKeyword(word)).toBe('help');
  });

  it('ignores case and whitespace anywhere', () => {
    expect(parseInboundKeyword('  Stop \n')).toBe('opt_out');
    expect(parseInboundKeyword('\tsToP\t')).toBe('opt_out');
    expect(parseInboundKeyword('opt out')).toBe('opt_out');
    expect(parseInboundKeyword(' Help ')).toBe('help');
  });

  it('only matches the whole message', () => {
    expect(parseInboundKeyword('stop please')).toBe('other');
    expect(parseInboundKeyword('please stop')).toBe('other');
    expect(parseInboundKeyword('Stop.')).toBe('other');
    expect(parseInboundKeyword('STOPPED')).toBe('other');
    expect(parseInboundKeyword('yes please')).toBe('other');
  });

  it('treats empty and missing bodies as ordinary text', () => {
    expect(parseInboundKeyword('')).toBe('other');
    expect(parseInboundKeyword('   ')).toBe('other');
    expect(parseInboundKeyword(undefined)).toBe('other');
  });

  it('does not match object prototype names', () => {
    expect(parseInboundKeyword('constructor')).toBe('other');
    expect(parseInboundKeyword('__proto__')).toBe('other');
  });
});
