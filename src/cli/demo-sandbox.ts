import type { SandboxServer } from '../sandbox/sandbox-server.js';

export interface SandboxMessageView {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  errorCode: number | null;
}

/** The sandbox operations the demo needs, in process or over its HTTP control API. */
export interface DemoSandbox {
  url: string;
  messages(): Promise<SandboxMessageView[]>;
  deliverInbound(sms: { from: string; to: string; body: string }): Promise<{ status: number; body: string }>;
  setInboundWebhookUrl(url: string): Promise<void>;
  close(): Promise<void>;
}

export function localSandbox(server: SandboxServer): DemoSandbox {
  return {
    url: server.url,
    messages: async () => server.messages(),
    deliverInbound: (sms) => server.deliverInbound(sms),
    setInboundWebhookUrl: async (url) => server.setInboundWebhookUrl(url),
    close: () => server.close(),
  };
}

export function remoteSandbox(url: string): DemoSandbox {
  return {
    url,
    messages: async () => ((await httpJson('GET', `${url}/sandbox/messages`)) as { messages: SandboxMessageView[] }).messages,
    deliverInbound: async (sms) => (await httpJson('POST', `${url}/sandbox/inbound`, JSON.stringify(sms))) as { status: number; body: string },
    setInboundWebhookUrl: async (inboundWebhookUrl) => {
      await httpJson('POST', `${url}/sandbox/config`, JSON.stringify({ inboundWebhookUrl }));
    },
    close: async () => undefined, // not ours to stop
  };
}

/** fetch + JSON with a readable error for any non-2xx answer. */
export async function httpJson(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method, body, headers: body ? { 'content-type': 'application/json', ...headers } : headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
