import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type SandboxOptions, type SandboxServer } from '../../src/sandbox/sandbox-server.js';

export type { SandboxServer, SandboxOptions, SandboxMessage } from '../../src/sandbox/sandbox-server.js';

/**
 * Test defaults: a free port, callbacks within ~100 ms, every message
 * delivered, no disorder. Suites opt into failures explicitly.
 */
export const FAST_SANDBOX_OPTIONS: Partial<SandboxOptions> = {
  port: 0,
  host: '127.0.0.1',
  sentDelayMs: [5, 20],
  finalDelayMs: [20, 80],
  undeliveredRate: 0,
  failedRate: 0,
  outOfOrderRate: 0,
  callbackRetryDelayMs: 50,
  callbackTimeoutMs: 5000,
};

/** A sandbox on a free port with fast, failure-free defaults, overridden by `options`. */
export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxServer> {
  return startSandbox({ ...FAST_SANDBOX_OPTIONS, ...options });
}

export interface ReceivedRequest {
  method: string;
  /** Full URL as requested (http://127.0.0.1:<port><path>?<query>), the one Twilio signs. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Form fields of the body. */
  params: Record<string, string>;
}

export interface WebhookReceiver {
  /** Base URL, e.g. http://127.0.0.1:40123 (append any path). */
  url: string;
  requests: ReceivedRequest[];
  /** Status the next requests are answered with (default 200). */
  respondWith(status: number): void;
  close(): Promise<void>;
}

/** A tiny HTTP server recording form posts: a stand-in StatusCallback target. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let status = 200;
  let base = '';
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? 'GET',
        url: `${base}${request.url ?? '/'}`,
        headers: request.headers,
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    respondWith: (next) => (status = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
