// One HTTP attempt, with Web APIs only (fetch, AbortSignal, streams) so it runs on Node and Workers alike.
import { RefusedTargetError } from './target-safety';

/** Receivers answer webhooks with a few bytes; more is kept only as far as the delivery log needs. */
export const RESPONSE_BODY_CAP = 2048;

export type PostOutcome = {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
};

export type PostRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/** Reads at most `cap` bytes of the body and cancels the rest: a hostile receiver cannot stream gigabytes at us. */
async function readCapped(res: Response, cap: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < cap) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, cap));
  let offset = 0;
  for (const chunk of chunks) {
    const take = chunk.subarray(0, bytes.length - offset);
    bytes.set(take, offset);
    offset += take.length;
    if (offset >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return `Timed out after ${timeoutMs} ms`;
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause instanceof RefusedTargetError) return `Refused: ${cause.message}`;
    if (cause?.code) return `${err.message}: ${cause.code}`;
    if (cause?.message) return `${err.message}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}

/** Posts once. Redirects are not followed (a 3xx is a failure): a redirect could point inside our network. */
export async function postWebhook(request: PostRequest): Promise<PostOutcome> {
  const doFetch = request.fetch ?? fetch;
  const started = performance.now();
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const res = await doFetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Kizuna-Webhooks/1', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const responseBody = await readCapped(res, RESPONSE_BODY_CAP).catch(() => null);
    return { statusCode: res.status, durationMs: Math.round(performance.now() - started), error: null, responseBody };
  } catch (err) {
    return { statusCode: null, durationMs: Math.round(performance.now() - started), error: describe(err, request.timeoutMs), responseBody: null };
  }
}
