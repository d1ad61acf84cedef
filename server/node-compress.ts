// Node only: JSON replies of 1 KB or more go out compressed when the client accepts it. On Workers the platform
// compresses; static files come precompressed from the build (server/routes/static-file.ts).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chooseEncoding } from './routes/static-file';

const MIN_BYTES = 1024;

/**
 * The public hot paths, left as they are: every page view asks for the widget's config and every answer is a
 * POST, their replies are a few hundred bytes, and reading a reply back to measure it cost the anonymous
 * page view about a third of its CPU (bench/page-view). The dashboard's lists and metrics are what compress.
 */
const passesThrough = (request: Request) => {
  const path = new URL(request.url).pathname;
  return path.startsWith('/v1/widget/') || (request.method === 'POST' && path === '/v1/responses');
};

type Fetch<Rest extends unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

/**
 * Wraps the app's fetch (passing on the adapter's own arguments: the socket lives there); everything but a
 * JSON body of MIN_BYTES or more passes through untouched.
 */
export function compressJsonReplies<Rest extends unknown[]>(fetch: Fetch<Rest>) {
  return async (request: Request, ...rest: Rest): Promise<Response> => {
    const response = await fetch(request, ...rest);
    const accept = request.headers.get('accept-encoding');
    if (!accept || passesThrough(request)) return response;
    const type = response.headers.get('content-type') ?? '';
    if (!response.body || response.headers.has('content-encoding') || !type.startsWith('application/json')) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    headers.append('vary', 'Accept-Encoding');
    const init = { status: response.status, statusText: response.statusText, headers };
    // The same choice as for static files: Brotli when accepted at least as much as gzip.
    const encoding = bytes.length >= MIN_BYTES ? chooseEncoding(accept, { body: bytes, etag: '""', encoded: 'runtime' }) : null;
    if (!encoding) return new Response(bytes, init);
    // Fast settings: a reply is compressed once per request, unlike a built file.
    const body =
      encoding === 'br'
        ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
        : gzipSync(bytes, { level: 6 });
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    return new Response(body, init);
  };
}
