import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { literalAddress, resolveTarget, TargetRefusedError } from './target-policy.js';

const RESPONSE_SNIPPET_BYTES = 1024;
const ERROR_TEXT_CHARS = 500;

export interface PostResult {
  /** null when no response arrived (refused target, DNS, connection error, timeout). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
  /** The target's address is not allowed (checked when connecting, so DNS changes cannot slip past). */
  refused: boolean;
}

export interface PostOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * POSTs one webhook. The host is resolved and checked by our own lookup, and
 * the socket connects to exactly the address that was checked: a DNS answer
 * that changes between check and connect (rebinding) cannot reach a private
 * address. Redirects are not followed (a 3xx is a failure). The timeout covers
 * everything from the lookup to the end of the response body.
 */
export async function postWebhook(options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const url = new URL(options.url);
  // Node connects to an address literal without calling `lookup`: check it here.
  if (literalAddress(url.hostname)) {
    try {
      await resolveTarget(url.hostname, options.allowPrivate);
    } catch (error) {
      return { statusCode: null, latencyMs: elapsed(), error: truncate((error as Error).message), responseBody: null, refused: true };
    }
  }
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolveTarget(hostname, options.allowPrivate).then(
      ({ address, family }) => {
        if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'latencyMs' | 'refused'> & { refused?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed(), refused: result.refused ?? false });
    };
    const requestOptions: RequestOptions = {
      method: 'POST',
      headers: {
        ...options.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(options.body)),
        'user-agent': 'sms-links-webhooks/1',
      },
      lookup,
      agent: false,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, requestOptions, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_SNIPPET_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => {
        const statusCode = response.statusCode ?? 0;
        const responseBody = Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8') || null;
        const ok = statusCode >= 200 && statusCode < 300;
        finish({ statusCode, error: ok ? null : `HTTP ${statusCode}`, responseBody });
      });
      response.on('error', (error) => finish({ statusCode: response.statusCode ?? null, error: truncate(error.message), responseBody: null }));
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error) => {
      finish({ statusCode: null, error: truncate(error.message), responseBody: null, refused: error instanceof TargetRefusedError });
    });
    request.end(options.body);
  });
}

function truncate(text: string): string {
  return text.length > ERROR_TEXT_CHARS ? `${text.slice(0, ERROR_TEXT_CHARS)}...` : text;
}
