import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { ZodType } from 'zod';
import type { AppEnv } from './env';
import { ApiError } from './errors';
import { findUnstorable, isStorable } from './storable';

type Issues = { issues: { path: PropertyKey[]; message: string; code: string }[] };

export function issuesOf(error: Issues) {
  // String(key): paths may contain symbols in principle; clients get plain dotted paths.
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }));
}

/**
 * The JSON body, validated; a body that is not JSON at all is a 400, JSON of the wrong shape a 422. Free text
 * is made storable by its schema (routes/fields.ts); any other string that PostgreSQL could not store (an id,
 * a key, an email with a NUL in it) is a 422 naming the field here, so no route can forget the check.
 */
export const jsonBody = <T extends ZodType>(schema: T) =>
  zValidator('json', schema, (result, c) => {
    if (result.success) {
      const unstorable = findUnstorable(result.data);
      if (unstorable) {
        throw new ApiError('validation_failed', 'The request body is not valid.', [{ ...unstorable, code: 'unstorable_text' }]);
      }
      return;
    }
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([\w.-]+\+)?json\b/i.test(type)) {
      throw new ApiError('invalid_json', 'Send a JSON body with "Content-Type: application/json".');
    }
    throw new ApiError('validation_failed', 'The request body is not valid.', issuesOf(result.error));
  });

/** Query parameters, validated; bad ones are a 400 naming each problem. */
export const queryParams = <T extends ZodType>(schema: T) =>
  zValidator('query', schema, (result) => {
    if (!result.success) throw new ApiError('bad_request', 'Invalid query parameters.', issuesOf(result.error));
    const unstorable = findUnstorable(result.data);
    if (unstorable) throw new ApiError('bad_request', 'Invalid query parameters.', [{ ...unstorable, code: 'unstorable_text' }]);
  });

/**
 * A NUL (%00) in the path or the query string is refused before routing, with the part that holds it: path
 * parameters are ids, and no id holds a NUL, but PostgreSQL refuses the character outright (a 500 before).
 * Percent-decoding cannot produce an unpaired surrogate (invalid UTF-8 stays encoded), so NUL is the one case.
 */
export const refuseUnstorableUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  if (url.includes('%00') || !isStorable(url)) {
    const { pathname, searchParams } = new URL(url);
    const inPath = pathname.includes('%00') || !isStorable(pathname);
    const fields = inPath ? ['path'] : [...new Set([...searchParams].filter(([k, v]) => !isStorable(k) || !isStorable(v)).map(([k]) => k))];
    throw new ApiError(
      'bad_request',
      'The URL contains a NUL character (%00), which no id or parameter may hold.',
      fields.map((field) => ({ path: field.replace(/\u0000/g, '\ufffd'), message: 'Contains a NUL character.', code: 'unstorable_text' })),
    );
  }
  await next();
};
