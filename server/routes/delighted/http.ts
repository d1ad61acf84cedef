// What every /delighted/v1 route shares: Delighted's error body, absolute Link headers, and the query values
// its clients send (Unix seconds, `expand[]`).
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { ApiError, toApiError } from '../../errors';
import { loggableError } from '../../log-redaction';

/**
 * The instance's address for links in replies: KIZUNA_PUBLIC_URL when set (behind a proxy the request's own
 * address is an inner one), else the address this request came to.
 */
export const publicBase = (c: Context<AppEnv>) => c.var.deps.config.publicUrl ?? new URL(c.req.url).origin;

/** `Link: <…>; rel="next"`, absolute, with this request's query and the changes for the next page. */
export function setNextLink(c: Context<AppEnv>, changes: Record<string, string>) {
  const url = new URL(c.req.url);
  for (const [name, value] of Object.entries(changes)) url.searchParams.set(name, value);
  c.header('Link', `<${publicBase(c)}${url.pathname}${url.search}>; rel="next"`);
}

const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

/** A Unix-seconds query value as a Date. */
export const unixParam = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_UNIX_SECONDS)
  .transform((seconds) => new Date(seconds * 1000));

export const perPageParam = z.coerce.number().int().min(1).max(100).default(20);
export const pageParam = z.coerce.number().int().min(1).max(100_000).default(1);

/** `expand[]=person&expand[]=notes`, `expand=person` or `expand=person,notes`: the names asked for. */
export const expandParam = z
  .union([z.string().max(100), z.array(z.string().max(100)).max(10)])
  .optional()
  .transform((value) => new Set((Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(',')).map((v) => v.trim())));

export const expandQuery = { expand: expandParam, 'expand[]': expandParam };
export const expansions = (q: { expand: Set<string>; 'expand[]': Set<string> }) => new Set([...q.expand, ...q['expand[]']]);

/** 422 in Delighted's shape, naming the field. */
export const invalid = (field: string, message: string) => new ApiError('validation_failed', 'Validation failed', [{ field, code: 'invalid', message }]);

type KizunaIssue = { path?: unknown; field?: unknown; message?: unknown; code?: unknown };

/**
 * The error body Delighted's API answered with: `{ status, message }`, and for a 422 the `errors` of each
 * field. Kizuna's 400s for a query or body of the wrong shape are Delighted's 422s; a body that is not JSON
 * stays 400.
 */
export function delightedError(err: unknown, c: Context<AppEnv>) {
  const apiError = toApiError(err);
  if (apiError.status >= 500) {
    c.var.deps.logger({ level: 'error', msg: 'unhandled error', requestId: c.var.requestId, error: loggableError(err) });
  }
  const status = apiError.code === 'bad_request' || apiError.code === 'validation_failed' ? 422 : apiError.status;
  const body: { status: number; message: string; errors?: unknown[] } = { status, message: apiError.message };
  if (status === 422 && Array.isArray(apiError.details)) {
    body.errors = (apiError.details as KizunaIssue[]).map((issue) => ({
      field: String(issue.field ?? issue.path ?? ''),
      code: String(issue.code ?? 'invalid'),
      message: String(issue.message ?? ''),
    }));
  }
  for (const [name, value] of Object.entries(apiError.headers ?? {})) c.header(name, value);
  return c.json(body, status);
}
