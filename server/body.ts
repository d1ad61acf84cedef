import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors';

/**
 * Reads a request body as text from the runtime's own request object (the Node entry reads Node's stream), or
 * returns null to leave it to the Web Request. Rejects with an ApiError when the body is over `maxBytes`.
 */
export type BodyReader = (env: unknown, maxBytes: number) => Promise<string> | null;

/** The 413 for a body over the cap, wherever it is found out. */
export const bodyTooLarge = (maxBytes: number) => new ApiError('payload_too_large', `Request bodies are limited to ${maxBytes} bytes.`);

/**
 * Caps request bodies at `maxBytes` (413), and, where the runtime gives a reader, reads the body through it.
 * Hono's parsers (`c.req.json()`, the validators) look in `c.req.bodyCache` before the Web Request, so a body
 * read here never makes the Node adapter build a Web Request, an AbortController and a web stream over Node's
 * stream: on the ingest path that was about an eighth of the server's CPU per answer (bench/ingest).
 */
export function requestBody(maxBytes: number, readBody?: BodyReader): MiddlewareHandler {
  const tooLarge = () => {
    throw bodyTooLarge(maxBytes);
  };
  const fromWebRequest = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > maxBytes) tooLarge();
    const reading = readBody?.(c.env, maxBytes);
    if (!reading) return fromWebRequest(c, next);
    const text = await reading; // a 413 surfaces here, not as a JSON parse error inside a validator
    // Hono keeps promises in bodyCache (its type says values) and parses JSON from a cached text.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  };
}
