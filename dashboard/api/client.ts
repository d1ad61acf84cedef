// Typed calls to the Kizuna API: hono/client reads the routes' types from the server's AppType, so a renamed
// field or parameter breaks the dashboard's build, not its users. The session cookie travels by itself; each
// call names the project (X-Kizuna-Project) and, for writes, echoes the CSRF token.
import { hc } from 'hono/client';
import type { AppType } from '../../server/app';
import { errorText, fieldErrors, type ErrorEnvelope } from './error-text';

const context = { projectId: null as string | null, csrfToken: null as string | null };
let onSignedOut: () => void = () => {};

export function setApiContext(next: { projectId?: string | null; csrfToken?: string | null }) {
  Object.assign(context, next);
}
export const whenSignedOut = (handler: () => void) => (onSignedOut = handler);

export function apiHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (context.projectId) headers['x-kizuna-project'] = context.projectId;
  if (context.csrfToken) headers['x-kizuna-csrf'] = context.csrfToken;
  return headers;
}

export const api = hc<AppType>(location.origin, {
  headers: apiHeaders,
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'same-origin' }),
});

/**
 * An error reply of the API, with its code (error envelope) for the UI to act on. Its message is in the UI's
 * language (api/error-text.ts); `fields` holds each bad field's message by path, for the form to show there.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Map<string, string> = new Map(),
    readonly reason?: string,
  ) {
    super(message);
  }
}

type JsonResponse = { ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string>; headers?: Headers };

/** The JSON of a successful reply; an error reply becomes an ApiFailure (and a 401 signs the user out). */
export async function read<R extends JsonResponse>(pending: Promise<R>): Promise<Exclude<Awaited<ReturnType<R['json']>>, { error: unknown }>> {
  let res: R;
  try {
    res = await pending;
  } catch {
    const envelope = navigator.onLine
      ? { code: 'network', message: 'The server did not answer.' }
      : { code: 'offline', message: 'You are offline.' };
    throw new ApiFailure(0, 'network', errorText(envelope));
  }
  if (res.status === 204) return null as never;
  const body = (await res.json().catch(() => null)) as { error?: ErrorEnvelope } | null;
  if (!res.ok) {
    if (res.status === 401) onSignedOut();
    const envelope = body?.error ?? { code: 'unknown', message: `HTTP ${res.status}` };
    const retryAfter = Number(res.headers?.get('retry-after')) || undefined;
    throw new ApiFailure(res.status, envelope.code, errorText(envelope, retryAfter), fieldErrors(envelope), envelope.reason);
  }
  return body as never;
}
