import { createSseParser, type ParsedSseEvent } from './sse-parser.js';

function parse(chunks: string[]): ParsedSseEvent[] {
  const events: ParsedSseEvent[] = [];
  const push = createSseParser((e) => events.push(e));
  for (const chunk of chunks) push(chunk);
  return events;
}

describe('server-sent events parser', () => {
  it('reads named events with ids and JSON data', () => {
    expect(parse(['retry: 3000\n\nevent: ready\ndata: {"a":1}\n\nevent: click\nid: c1\ndata: {"b":2}\n\n'])).toEqual([
      { event: 'ready', data: '{"a":1}' },
      { event: 'click', data: '{"b":2}', id: 'c1' },
    ]);
  });

  it('puts events split anywhere across chunks back together', () => {
    const text = 'event: click\r\nid: c1\r\ndata: {"b":2}\r\n\r\n: keep-alive\n\nevent: click\ndata: x\n\n';
    const whole = parse([text]);
    for (let i = 1; i < text.length; i++) expect(parse([text.slice(0, i), text.slice(i)])).toEqual(whole);
    expect(whole.map((e) => e.data)).toEqual(['{"b":2}', 'x']);
  });

  it('skips comments (heartbeats) and joins multi-line data', () => {
    expect(parse([': keep-alive\n\ndata: one\ndata: two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('holds back an event until its blank line arrives', () => {
    expect(parse(['event: click\ndata: x\n'])).toEqual([]);
  });
});
