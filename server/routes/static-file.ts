import type { Context } from 'hono';
import { parseAccept } from 'hono/utils/accept';

/** The encodings a built file may be sent in, best first (Brotli is smaller than gzip for our scripts). */
export const STATIC_ENCODINGS = ['br', 'gzip'] as const;
export type StaticEncoding = (typeof STATIC_ENCODINGS)[number];

/**
 * A file of the build (the widget, the dashboard's files) as the route sends it: its bytes, its content's ETag,
 * and its compressed forms. On Node those are the build's .br and .gz files; on Workers the runtime compresses
 * a body sent with a Content-Encoding header itself ('runtime').
 */
export type StaticFile = {
  body: Uint8Array;
  etag: string;
  encoded: Partial<Record<StaticEncoding, Uint8Array>> | 'runtime';
};

/** The best encoding the client accepts (q > 0) among those the file has, or null for the plain bytes. */
export function chooseEncoding(acceptEncoding: string | undefined, file: StaticFile): StaticEncoding | null {
  if (!acceptEncoding) return null;
  const accepted = parseAccept(acceptEncoding);
  const q = (name: string) => accepted.find((a) => a.type.toLowerCase() === name)?.q ?? accepted.find((a) => a.type === '*')?.q ?? 0;
  let best: { encoding: StaticEncoding; q: number } | null = null;
  for (const encoding of STATIC_ENCODINGS) {
    const available = file.encoded === 'runtime' || file.encoded[encoding] !== undefined;
    const weight = q(encoding);
    if (available && weight > 0 && (!best || weight > best.q)) best = { encoding, q: weight };
  }
  return best?.encoding ?? null;
}

/**
 * Sends a built file in the best encoding the client accepts, with `Vary: Accept-Encoding` and an ETag per
 * encoding (the bytes differ, so a cache must not answer a gzip request with the Brotli ones), and a 304
 * when the client already holds that encoding's bytes.
 */
export function sendStaticFile(c: Context, file: StaticFile, status: 200 | 404, headers: Record<string, string>): Response {
  const encoding = chooseEncoding(c.req.header('accept-encoding'), file);
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  const common = { ...headers, etag, vary: 'Accept-Encoding' };
  const match = c.req.header('if-none-match');
  if (status === 200 && match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304, common);
  }
  if (!encoding) return c.body(file.body as Uint8Array<ArrayBuffer>, status, common);
  const bytes = file.encoded === 'runtime' ? file.body : file.encoded[encoding]!;
  return c.body(bytes as Uint8Array<ArrayBuffer>, status, { ...common, 'content-encoding': encoding });
}
