import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDataException } from '../db/errors';
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
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error'
  | 'public_url_not_configured'
  | 'sign_in_to_accept';

/**
 * Finer codes within the closed set above, added where a client (the dashboard) shows the case in its own
 * words and language. Optional in the envelope: a client that does not know one reads `code` and `message`.
 */
export type ErrorReason =
  | 'sign_in_attempts'
  | 'reset_attempts'
  | 'reset_link_dead'
  | 'wrong_credentials'
  | 'theme_name_taken'
  | 'theme_limit'
  | 'survey_is_draft'
  | 'survey_not_for_email'
  | 'already_member'
  | 'last_admin'
  | 'remove_yourself'
  | 'email_not_configured'
  | 'no_email_address'
  | 'revoke_own_key';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  // The instance, not the caller, must change: KIZUNA_PUBLIC_URL (links are never based on the request's Host).
  public_url_not_configured: 500,
  // An invitation to an email that already has an account is accepted only from that account's own session.
  sign_in_to_accept: 409,
};

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  /** A finer code than `code` for a case a client shows its own words for (the dashboard translates it). */
  reason?: ErrorReason;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOf[code];
  }

  /** Names the case within `code`: `throw new ApiError('rate_limited', '…').because('sign_in_attempts')`. */
  because(reason: ErrorReason): this {
    this.reason = reason;
    return this;
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);

export type ErrorBody = { error: { code: ErrorCode; reason?: ErrorReason; message: string; details?: unknown; requestId?: string } };

export function errorResponse(c: Context, err: ApiError) {
  const body: ErrorBody = { error: { code: err.code, message: err.message, requestId: c.get('requestId') } };
  if (err.reason) body.error.reason = err.reason;
  if (err.details !== undefined) body.error.details = err.details;
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  return c.json(body, err.status);
}

/** Any error thrown while handling a request, as the ApiError the client is answered with. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400) return new ApiError('invalid_json', 'The request body is not valid JSON.');
    if (err.status === 413) return new ApiError('payload_too_large', 'The request body is too large.');
    if (err.status === 401) return new ApiError('unauthorized', err.message || 'Unauthorized.');
    if (err.status === 403) return new ApiError('forbidden', err.message || 'Forbidden.');
    if (err.status === 404) return new ApiError('not_found', err.message || 'Not found.');
  }
  // The last line of defence: request validation keeps unstorable values out, but should one get through, the
  // database's refusal is the client's value, not our failure, and a 4xx tells the widget not to retry it.
  if (isDataException(err)) return new ApiError('bad_request', 'A value in the request cannot be stored or compared.');
  return new ApiError('internal_error', 'Something went wrong on our side; the request id helps us find out what.');
}
