import type { IncomingMessage, ServerResponse } from 'node:http';
import { basicAuth, readParams, sendJson, sleep } from './http-util.js';
import { validateCreateMessage } from './message-validation.js';
import type { FailureSpec, SandboxEngine } from './sandbox-engine.js';
import {
  authenticationError,
  injectedErrorCode,
  injectedErrorMessage,
  notFoundError,
  TwilioApiError,
} from './twilio-errors.js';
import { messagePage, messageResource } from './twilio-resources.js';

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

export function isTwilioApiPath(path: string): boolean {
  return path.startsWith('/2010-04-01/');
}

/** The slice of Twilio's REST API the SDK uses for SMS: create, list and fetch messages. */
export async function handleTwilioApi(engine: SandboxEngine, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  if (engine.options.apiLatencyMs > 0) await sleep(engine.options.apiLatencyMs);
  const failure = engine.takeFailure();
  if (failure?.mode === 'disconnect') return dropConnection(request, response);
  try {
    if (failure && failure.mode !== 'accept-then-disconnect') throw injectedError(failure);
    const accountSid = authenticate(engine, request, url.pathname);
    const created = await route(engine, request, url, accountSid);
    if (failure?.mode === 'accept-then-disconnect') return dropConnection(request, response);
    sendJson(response, created.status, created.body);
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    sendJson(response, error.httpStatus, error.toBody());
  }
}

async function route(engine: SandboxEngine, request: IncomingMessage, url: URL, accountSid: string): Promise<{ status: number; body: unknown }> {
  if (MESSAGES.test(url.pathname) && request.method === 'POST') {
    const message = engine.accept(accountSid, validateCreateMessage(await readParams(request)));
    return { status: 201, body: messageResource(message) };
  }
  if (MESSAGES.test(url.pathname) && request.method === 'GET') {
    const own = engine.store.all().filter((m) => m.accountSid === accountSid);
    return { status: 200, body: messagePage(own, accountSid, url.searchParams) };
  }
  const single = MESSAGE.exec(url.pathname);
  if (single && request.method === 'GET') {
    const message = engine.store.get(single[2]);
    if (!message || message.accountSid !== accountSid) throw notFoundError(url.pathname);
    return { status: 200, body: messageResource(message) };
  }
  throw notFoundError(url.pathname);
}

/** HTTP basic auth with the account SID and auth token; the SID in the path must be the same account. */
function authenticate(engine: SandboxEngine, request: IncomingMessage, path: string): string {
  const credentials = basicAuth(request);
  const { accountSid, authToken } = engine.options;
  const pathAccount = MESSAGES.exec(path)?.[1] ?? MESSAGE.exec(path)?.[1];
  if (!credentials || credentials.username !== accountSid || credentials.password !== authToken) throw authenticationError();
  if (pathAccount !== undefined && pathAccount !== accountSid) throw authenticationError();
  return accountSid;
}

function injectedError(failure: FailureSpec): TwilioApiError {
  const status = failure.httpStatus ?? 500;
  return new TwilioApiError(status, failure.code ?? injectedErrorCode(status), failure.message ?? injectedErrorMessage(status));
}

/** Simulates a network failure: the caller sees a reset connection, not an HTTP answer. */
function dropConnection(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  response.socket?.destroy();
}
