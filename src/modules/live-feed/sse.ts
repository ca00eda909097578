/**
 * Server-sent events framing (the WHATWG `text/event-stream` format): each
 * event is `field: value` lines ended by a blank line; a line starting with
 * a colon is a comment, which clients ignore (a heartbeat).
 */
export interface SseEvent {
  event?: string;
  id?: string;
  /** Serialised as JSON; a JSON text holds no raw newline, so it is always one data line. */
  data: unknown;
}

/** Field values must not break the frame: newlines would start a new field. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function sseEvent({ event, id, data }: SseEvent): string {
  let frame = '';
  if (event) frame += `event: ${oneLine(event)}\n`;
  if (id) frame += `id: ${oneLine(id)}\n`;
  return `${frame}data: ${JSON.stringify(data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** How long a client waits before reconnecting after the stream drops, milliseconds. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: a compressing proxy would hold events back to fill its buffer.
  'cache-control': 'no-cache, no-store, no-transform',
  connection: 'keep-alive',
  // nginx buffers proxied responses unless told not to.
  'x-accel-buffering': 'no',
} as const;
