import { createSseParser, type ParsedSseEvent } from '../../dashboard/src/sse-parser.js';

/** An open server-sent events stream read with fetch, as the dashboard reads it; events are collected as they arrive. */
export interface SseStream {
  status: number;
  headers: Headers;
  events: ParsedSseEvent[];
  /** Waits until an event matching `match` has arrived (no timing: the suite's timeout bounds it). */
  next(match: (event: ParsedSseEvent) => boolean): Promise<ParsedSseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ParsedSseEvent[] = [];
  const waiters: { match: (e: ParsedSseEvent) => boolean; resolve: (e: ParsedSseEvent) => void }[] = [];
  const push = createSseParser((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  if (response.ok && response.body) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          push(value);
        }
      } catch {
        /* aborted */
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    events,
    next: (match) => {
      const seen = events.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => controller.abort(),
  };
}
