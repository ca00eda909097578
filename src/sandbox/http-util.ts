import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form-encoded or JSON bodies, as flat string parameters. */
export async function readParams(request: IncomingMessage): Promise<URLSearchParams> {
  const raw = await readBody(request);
  if (!(request.headers['content-type'] ?? '').includes('json')) return new URLSearchParams(raw);
  const parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  return new URLSearchParams(Object.entries(parsed).map(([key, value]): [string, string] => [key, String(value)]));
}

export async function readJson<T>(request: IncomingMessage): Promise<T> {
  const raw = await readBody(request);
  return (raw ? JSON.parse(raw) : {}) as T;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

/** Credentials from an HTTP Basic Authorization header. */
export function basicAuth(request: IncomingMessage): { username: string; password: string } | undefined {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
