/** The API key lives in sessionStorage only: gone when the tab closes, never in localStorage or a cookie. */
const KEY = 'smslinks.apiKey';

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** One problem of a 400, as the API names it: `{ field: "rule.and[0].clicked.variant", problem: "..." }`. */
export interface FieldProblem { field: string; problem: string }

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly problems: FieldProblem[] = []) {
    super(message);
  }
}

/** A /v1 call with the key; an error answer becomes an ApiError carrying the API's own `message`. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const response = await request(path, init);
  return (await response.json()) as T;
}

export async function request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = apiKey();
  if (key) headers.set('authorization', `Bearer ${key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, body });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let field: string | undefined;
    let problems: FieldProblem[] = [];
    try {
      const error = (await response.json()) as { message?: string | string[]; field?: string; errors?: FieldProblem[] };
      if (error.message) message = Array.isArray(error.message) ? error.message.join('; ') : error.message;
      field = error.field;
      problems = error.errors ?? [];
    } catch {
      /* not JSON: keep the status line */
    }
    if (response.status === 401) message = `Your API key was not accepted (${message}). Sign in again.`;
    throw new ApiError(response.status, message, field, problems);
  }
  return response;
}

/** A CSV export: fetched with the key (a plain link could not send it), then saved through a temporary object URL. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
};
