import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of error codes a client can program against. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'public_url_not_configured'
  | 'sign_in_to_accept';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  // The instance, not the caller, must change: KIZUNA_PUBLIC_URL (links are never based on the request's Host).
  public_url_not_configured: 500,
  // An invitation to an email that already has an account is accepted only from that account's own session.
  sign_in_to_accept: 409,
};

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown; requestId?: string } };

export function errorResponse(c: Context, err: ApiError) {
  const body: ErrorBody = { error: { code: err.code, message: err.message, requestId: c.get('requestId') } };
  if (err.details !== undefined) body.error.details = err.details;
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  return c.json(body, err.status);
}
