import { inSample, urlAllowed } from '../server/services/widget/targeting';
import type { PublicSurvey, WidgetConfig, WidgetSurvey } from './types';

// The widget's only I/O with the Kizuna server. Answers and dismissals are POSTs with the publishable key as a
// bearer token and keepalive, so a request outlives the page (an answer given just before navigating away
// still arrives); the page view's GETs carry the key in the URL and no headers (see fetchConfig).

export interface Api {
  base: string;
  key: string;
}

/** A GET of the page view (no body) or an answer's or dismissal's POST. */
export function call(api: Api, path: string, body?: unknown): Promise<Response> {
  return fetch(api.base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive: body !== undefined,
    credentials: 'omit',
    signal: AbortSignal.timeout?.(15_000),
  });
}

/**
 * The surveys this page view may show, in two halves: the project's live surveys (the same for every visitor,
 * so the browser's HTTP cache and any CDN keep them; the key in the URL and no headers make it a simple request,
 * with no CORS preflight), filtered here by the page's URL and the sample; then, only for an identified person
 * and only if a survey is still in the running, the server's word on recontact and dismissals.
 */
export async function fetchConfig(api: Api, who: { personId?: string; anonymousId: string; url: string }): Promise<WidgetConfig> {
  const { labels, surveys } = await getJson<{ labels: WidgetSurvey['labels']; surveys: PublicSurvey[] }>(api, '/v1/widget/surveys', {});
  const running = surveys.filter(
    ({ id, targeting: t }) => urlAllowed(who.url, t.urlInclude, t.urlExclude) && inSample(id, who.personId || who.anonymousId, t.sampleRate),
  );
  let allowed = running.map((s) => s.id);
  if (who.personId && allowed.length > 0) {
    const contact = await getJson<{ surveys: { id: string; show: boolean }[] }>(api, '/v1/widget/contact', {
      personId: who.personId,
      surveys: allowed.join(','),
    });
    allowed = contact.surveys.filter((s) => s.show).map((s) => s.id);
  }
  return { surveys: surveys.map((s) => ({ ...s, labels, show: allowed.includes(s.id) })) };
}

async function getJson<T>(api: Api, path: string, query: Record<string, string>): Promise<T> {
  const res = await call(api, `${path}?${new URLSearchParams({ key: api.key, ...query })}`);
  if (!res.ok) throw new Error(`${res.status}`);
  return (await res.json()) as T;
}
