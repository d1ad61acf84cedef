import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { ZodType } from 'zod';
import type { AppEnv } from './env';
import { ApiError } from './errors';
import { findUnstorable, isStorable } from './storable';

type Issue = { path: PropertyKey[]; message: string; code: string; origin?: string; minimum?: unknown; maximum?: unknown; format?: string };
type Issues = { issues: Issue[] };

/**
 * One entry per problem: the field's dotted path, a sentence, zod's code, and what a client needs to say it
 * in its own language (the limit broken, the format expected). An empty required text (whitespace only, as
 * text is trimmed) reads "Required." rather than "expected string to have >=1 characters".
 */
export function issuesOf(error: Issues) {
  return error.issues.map((issue) => {
    const required = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
    return {
      // String(key): paths may contain symbols in principle; clients get plain dotted paths.
      path: issue.path.map(String).join('.'),
      message: required ? 'Required.' : issue.message,
      code: issue.code,
      ...(required ? { reason: 'required' as const } : {}),
      ...limit('minimum', issue.minimum),
      ...limit('maximum', issue.maximum),
      ...(typeof issue.format === 'string' ? { format: issue.format } : {}),
    };
  });
}

const limit = (name: 'minimum' | 'maximum', value: unknown) =>
  typeof value === 'number' || typeof value === 'bigint' ? { [name]: Number(value) } : {};

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
