import { sseComment, sseEvent, sseRetry } from './sse.js';

describe('server-sent events framing', () => {
  it('writes event, id and one JSON data line, ended by a blank line', () => {
    expect(sseEvent({ event: 'click', id: 'c1', data: { a: 1, text: 'two\nlines' } })).toBe(
      'event: click\nid: c1\ndata: {"a":1,"text":"two\\nlines"}\n\n',
    );
  });

  it('leaves out the fields it is not given', () => {
    expect(sseEvent({ data: [1, 2] })).toBe('data: [1,2]\n\n');
  });

  it('keeps newlines in the event name and id from starting a new field', () => {
    expect(sseEvent({ event: 'a\nb', id: 'x\r\ny', data: null })).toBe('event: a b\nid: x y\ndata: null\n\n');
  });

  it('writes comments (heartbeats) and the retry hint', () => {
    expect(sseComment('keep-alive')).toBe(': keep-alive\n\n');
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
  });
});
