import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { ApiError } from './errors';

type Issues = { issues: { path: PropertyKey[]; message: string; code: string }[] };

export function issuesOf(error: Issues) {
  // String(key): paths may contain symbols in principle; clients get plain dotted paths.
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }));
}

/** The JSON body, validated; a body that is not JSON at all is a 400, JSON of the wrong shape a 422. */
export const jsonBody = <T extends ZodType>(schema: T) =>
  zValidator('json', schema, (result, c) => {
    if (result.success) return;
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
  });
