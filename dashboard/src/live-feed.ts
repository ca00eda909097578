import { apiKey } from './api.js';
import { createSseParser } from './sse-parser.js';
import type { LiveClick } from './types.js';

export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Reads GET /v1/campaigns/{id}/clicks/live with fetch and a stream reader:
 * EventSource cannot send the Authorization header, and putting the key in a
 * URL would leave it in logs and history. Reconnects with backoff (1 s
 * doubling to 30 s) until closed; a 4xx other than 429 stops it.
 */
export function openLiveFeed(campaignId: string, onClick: (click: LiveClick) => void, onState: (state: FeedState, detail?: string) => void): () => void {
  let controller = new AbortController();
  let closed = false;
  let failures = 0;

  const connect = async () => {
    onState(failures === 0 ? 'connecting' : 'reconnecting');
    try {
      const response = await fetch(`/v1/campaigns/${campaignId}/clicks/live`, {
        headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        const message = await response.json().then((b: { message?: string }) => b.message).catch(() => undefined);
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          closed = true;
          onState('closed', message ?? `${response.status}`);
          return;
        }
        throw new Error(message ?? `${response.status}`);
      }
      const push = createSseParser((event) => {
        if (event.event === 'ready') {
          failures = 0;
          onState('live');
        } else if (event.event === 'click') {
          onClick(JSON.parse(event.data) as LiveClick);
        }
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        push(value);
      }
    } catch {
      /* dropped: reconnect below */
    }
    if (closed) return;
    failures++;
    onState('reconnecting');
    setTimeout(() => {
      if (closed) return;
      controller = new AbortController();
      void connect();
    }, Math.min(30_000, 1000 * 2 ** (failures - 1)));
  };
  void connect();
  return () => {
    closed = true;
    controller.abort();
    onState('closed');
  };
}
