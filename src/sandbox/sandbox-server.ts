import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackAttempt } from './callback-dispatcher.js';
import { handleControl, isControlPath } from './control-routes.js';
import { sendJson } from './http-util.js';
import type { SandboxInboundMessage, SandboxMessage } from './message-store.js';
import { SandboxEngine, type FailureSpec, type InboundSms } from './sandbox-engine.js';
import type { SandboxOptions } from './sandbox-options.js';
import type { WebhookAnswer } from './signing.js';
import { handleTwilioApi, isTwilioApiPath } from './twilio-api-routes.js';

export type { SandboxOptions } from './sandbox-options.js';
export type { SandboxMessage, SandboxInboundMessage } from './message-store.js';
export type { FailureSpec, InboundSms } from './sandbox-engine.js';
export type { CallbackAttempt } from './callback-dispatcher.js';

/** A running Twilio sandbox: the HTTP server plus in-process control for tests. */
export class SandboxServer {
  constructor(
    private readonly server: Server,
    private readonly engine: SandboxEngine,
    /** Base URL to give the Twilio SDK as TWILIO_API_BASE_URL, e.g. http://127.0.0.1:3099. */
    readonly url: string,
  ) {}

  get options(): SandboxOptions {
    return this.engine.options;
  }

  /** Every message accepted since the last reset, in arrival order (copies). */
  messages(): SandboxMessage[] {
    return this.engine.store.all().map((message) => ({ ...message }));
  }

  /** Incoming SMS delivered to the app, with its answers. */
  inboundMessages(): SandboxInboundMessage[] {
    return this.engine.store.allInbound();
  }

  /** Every status callback attempt (one per try, retries included). */
  callbacks(): CallbackAttempt[] {
    return this.engine.dispatcher.attempts();
  }

  deliverInbound(sms: InboundSms): Promise<WebhookAnswer> {
    return this.engine.deliverInbound(sms);
  }

  setInboundWebhookUrl(url: string): void {
    this.engine.configure({ inboundWebhookUrl: url });
  }

  configure(update: Partial<SandboxOptions>): SandboxOptions {
    return this.engine.configure(update);
  }

  /** The next `count` Twilio API calls fail as described (default: HTTP 500). */
  failNext(count: number, spec: FailureSpec = {}): void {
    this.engine.failNext(count, spec);
  }

  reset(): void {
    this.engine.reset();
  }

  async close(): Promise<void> {
    await this.engine.close();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}

/** Starts a sandbox; port 0 (the test default) picks a free port. */
export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxServer> {
  const engine = new SandboxEngine(options);
  const server = createServer((request, response) => void dispatch(engine, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(engine.options.port, engine.options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  engine.configure({ port });
  const host = engine.options.host === '0.0.0.0' || engine.options.host === '::' ? '127.0.0.1' : engine.options.host;
  return new SandboxServer(server, engine, `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
}

async function dispatch(engine: SandboxEngine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox.local');
  try {
    if (isTwilioApiPath(url.pathname)) return await handleTwilioApi(engine, request, response, url);
    if (isControlPath(url.pathname)) return await handleControl(engine, request, response, url);
    sendJson(response, 404, { error: `No route ${request.method} ${url.pathname}` });
  } catch (error) {
    if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}
