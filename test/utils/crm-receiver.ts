import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CrmRequest {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
  /** The status this receiver answered. */
  status: number;
}

/** What to answer a request: a status, and optionally a wait before answering. */
export type CrmBehaviour = (request: { index: number; headers: IncomingHttpHeaders; body: string }) => { status: number; delayMs?: number };

/**
 * A CRM's webhook receiver on 127.0.0.1: records every request and answers
 * as `behaviour` says (200 by default). `verified()` checks every recorded
 * request with the standardwebhooks package, as a CRM would, and returns the
 * events it accepted, deduplicated by webhook-id.
 */
export class CrmReceiver {
  readonly requests: CrmRequest[] = [];
  url = '';
  behaviour: CrmBehaviour = () => ({ status: 200 });
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const { status, delayMs } = this.behaviour({ index: this.requests.length, headers: request.headers, body });
        const entry = { headers: request.headers, body, status };
        this.requests.push(entry);
        const answer = () => {
          if (response.destroyed) return;
          response.writeHead(status, { 'content-type': 'text/plain' });
          response.end(`answered ${status}`);
        };
        if (delayMs) setTimeout(answer, delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Requests answered 2xx whose signature verifies with `secret`; throws on any that does not verify. */
  accepted(secret: string): { id: string; event: Json }[] {
    return this.requests
      .filter((request) => request.status >= 200 && request.status < 300)
      .map((request) => ({ id: String(request.headers['webhook-id']), event: verify(secret, request) }));
  }

  /** Accepted events, one per webhook-id (a CRM's dedupe). */
  deduped(secret: string): Map<string, Json> {
    return new Map(this.accepted(secret).map(({ id, event }) => [id, event]));
  }

  ofType(secret: string, type: string): Json[] {
    return [...this.deduped(secret).values()].filter((event) => event.type === type);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

export function verify(secret: string, request: Pick<CrmRequest, 'headers' | 'body'>): Json {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers) as Json;
}
