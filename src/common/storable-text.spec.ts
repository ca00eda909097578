import { toStorableText, unstorableTextProblem } from './storable-text.js';

describe('unstorableTextProblem', () => {
  it('accepts any well-formed text, emoji and every script included', () => {
    for (const text of ['', 'plain', 'Zoë 😀 中文 العربية', '👩🏽‍💻', 'line\nbreak\ttab']) {
      expect(unstorableTextProblem(text)).toBeUndefined();
    }
  });

  it('refuses NUL, which PostgreSQL text and jsonb cannot hold', () => {
    expect(unstorableTextProblem('a\u0000b')).toBe('must not contain NUL (U+0000) characters');
  });

  it('refuses a lone high or low surrogate, which jsonb refuses', () => {
    for (const text of ['\uD800', 'x\uDBFFy', '\uDC00', 'a\uDFFF']) {
      expect(unstorableTextProblem(text)).toBe('must be valid Unicode (it holds a lone UTF-16 surrogate)');
    }
  });
});

describe('toStorableText', () => {
  it('drops NULs and replaces lone surrogates, keeping everything else', () => {
    expect(toStorableText('ST\u0000OP')).toBe('STOP');
    expect(toStorableText('a\uD800b')).toBe('a\uFFFDb');
    expect(toStorableText('ok 👍 ñ')).toBe('ok 👍 ñ');
    expect(unstorableTextProblem(toStorableText('\u0000\uDC00x'))).toBeUndefined();
  });
});
