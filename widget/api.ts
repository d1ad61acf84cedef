import type { WidgetConfig } from './types';

// The widget's only I/O with the Kizuna server. keepalive lets a request
// outlive the page (an answer given just before navigating away still
// arrives); the publishable key travels as a bearer token.

export interface Api {
  base: string;
  key: string;
}

const TIMEOUT_MS = 15_000;

function request(api: Api, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${api.key}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
  return fetch(api.base + path, {
    method: init.method || 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    keepalive: init.method === 'POST',
    credentials: 'omit',
    signal: timeout,
  });
}

export async function fetchConfig(api: Api, query: Record<string, string | undefined>): Promise<WidgetConfig> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const res = await request(api, `/v1/widget/config?${params}`);
  if (!res.ok) throw new Error(`config ${res.status}`);
  return (await res.json()) as WidgetConfig;
}

export function post(api: Api, path: string, body: unknown): Promise<Response> {
  return request(api, path, { method: 'POST', body });
}
