import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from './http-util.js';
import type { FailureSpec, InboundSms, SandboxEngine } from './sandbox-engine.js';
import type { SandboxOptions } from './sandbox-options.js';

export function isControlPath(path: string): boolean {
  return path.startsWith('/sandbox/') || path === '/health';
}

/**
 * The control API for tests and demos running in another process:
 *   GET    /sandbox/messages[?to=]   accepted messages (what recipients received)
 *   DELETE /sandbox/messages         reset: messages, inbound, pending callbacks, injected failures
 *   GET    /sandbox/callbacks        status callback attempts and the app's answers
 *   GET    /sandbox/inbound          inbound SMS delivered so far, with the app's answers
 *   POST   /sandbox/inbound          { from, to, body, messagingServiceSid? } -> { status, body }
 *   GET    /sandbox/config           current options
 *   POST   /sandbox/config           partial options -> current options
 *   POST   /sandbox/fail-next        { count, httpStatus?, code?, message?, mode? }
 */
export async function handleControl(engine: SandboxEngine, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const key = `${request.method} ${url.pathname}`;
  try {
    switch (key) {
      case 'GET /health':
        return sendJson(response, 200, { status: 'ok' });
      case 'GET /sandbox/messages': {
        const to = url.searchParams.get('to');
        return sendJson(response, 200, { messages: engine.store.all().filter((m) => !to || m.to === to) });
      }
      case 'DELETE /sandbox/messages':
      case 'POST /sandbox/reset':
        engine.reset();
        return sendJson(response, 200, { reset: true });
      case 'GET /sandbox/callbacks':
        return sendJson(response, 200, { callbacks: engine.dispatcher.attempts() });
      case 'GET /sandbox/inbound':
        return sendJson(response, 200, { inbound: engine.store.allInbound() });
      case 'POST /sandbox/inbound': {
        const sms = await readJson<InboundSms>(request);
        if (!sms.from || !sms.to || typeof sms.body !== 'string') return badRequest(response, 'from, to and body are required');
        if (!engine.options.inboundWebhookUrl) return badRequest(response, 'No inbound webhook URL configured');
        try {
          return sendJson(response, 200, await engine.deliverInbound(sms));
        } catch (error) {
          return sendJson(response, 502, { error: `Inbound webhook unreachable: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      case 'GET /sandbox/config':
        return sendJson(response, 200, engine.options);
      case 'POST /sandbox/config':
        return sendJson(response, 200, engine.configure(await readJson<Partial<SandboxOptions>>(request)));
      case 'POST /sandbox/fail-next': {
        const { count = 1, ...spec } = await readJson<FailureSpec & { count?: number }>(request);
        engine.failNext(count, spec);
        return sendJson(response, 200, { queued: count });
      }
      default:
        return sendJson(response, 404, { error: `No route ${key}` });
    }
  } catch (error) {
    return badRequest(response, error instanceof Error ? error.message : String(error));
  }
}

function badRequest(response: ServerResponse, message: string): void {
  sendJson(response, 400, { error: message });
}
