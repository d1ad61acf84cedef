// The server side of the dashboard: the 0–10 distribution it reads, and how the built SPA is served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { ensureBuilds } from './server';

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
let other: { id: string; secretKey: string };
let surveyId: string;

beforeAll(async () => {
  await ensureBuilds();
  api = await startTestApi();
  project = (await api.createProject('Scores')) as typeof project;
  other = await api.createProject('Other');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'S' } })).body.id;
  for (const [score, channel] of [[10, 'web'], [10, 'email'], [9, 'web'], [7, 'web'], [0, 'web'], [6, 'email']] as const) {
    const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, score, channel } });
    expect(res.status).toBe(201);
  }
}, 60_000);
afterAll(() => api.close());

describe('GET /v1/metrics/scores', () => {
  it('counts answers per score 0..10, every score present', async () => {
    const res = await api.request('GET', '/v1/metrics/scores', { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.n).toBe(6);
    expect(res.body.scores).toHaveLength(11);
    expect(res.body.scores.map((s: { n: number }) => s.n)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 2]);
  });

  it('applies the same filters as the NPS: channel, survey, dates', async () => {
    const email = await api.request('GET', '/v1/metrics/scores?channel=email', { key: project.secretKey });
    expect(email.body.n).toBe(2);
    expect(email.body.scores[10].n).toBe(1);
    expect(email.body.scores[6].n).toBe(1);
    const past = await api.request('GET', '/v1/metrics/scores?from=2000-01-01&to=2000-02-01&tz=Asia/Tokyo', { key: project.secretKey });
    expect(past.body.n).toBe(0);
    const otherSurvey = await api.request('GET', '/v1/metrics/scores?surveyId=srv_none', { key: project.secretKey });
    expect(otherSurvey.body.n).toBe(0);
  });

  it('refuses bad parameters', async () => {
    expect((await api.request('GET', '/v1/metrics/scores?tz=Mars/Base', { key: project.secretKey })).status).toBe(400);
    expect((await api.request('GET', '/v1/metrics/scores?from=yesterday', { key: project.secretKey })).status).toBe(400);
    expect((await api.request('GET', '/v1/metrics/scores?channel=fax', { key: project.secretKey })).status).toBe(400);
  });

  it('security: no key 401, publishable key 403, another project sees only its own (none)', async () => {
    expect((await api.request('GET', '/v1/metrics/scores')).status).toBe(401);
    expect((await api.request('GET', '/v1/metrics/scores', { key: project.publishableKey })).status).toBe(403);
    const theirs = await api.request('GET', '/v1/metrics/scores', { key: other.secretKey });
    expect(theirs.body.n).toBe(0);
  });
});

describe('serving the dashboard', () => {
  it('serves the SPA on its pages with a strict CSP, and never frames it elsewhere', async () => {
    for (const path of ['/', '/overview', '/surveys/srv_x', '/people/per_x']) {
      const res = await api.request('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="app">');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const html = (await api.request('GET', '/')).text;
    const script = /src="(\/dashboard\/app-[A-Z0-9]{8}\.js)"/.exec(html)![1]!;
    const res = await api.request('GET', script);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('answers an unknown page with the dashboard as an HTML 404, API paths with the JSON envelope', async () => {
    for (const path of ['/nope', '/surveys/srv_x/extra', '/favicon.png']) {
      const res = await api.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="app">');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
    const api404 = await api.request('GET', '/v1/no-such-thing');
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toMatch(/application\/json/);
    expect(api404.body.error.code).toBe('not_found');
    // Other methods on unknown paths stay JSON: only a browser's page load gets a page.
    expect((await api.request('POST', '/nope', { body: {} })).body.error.code).toBe('not_found');
  });

  it('serves a favicon, named by every page and at /favicon.ico', async () => {
    const html = (await api.request('GET', '/overview')).text;
    expect(html).toContain('<link rel="icon" href="/dashboard/favicon.svg" type="image/svg+xml">');
    const icon = await api.request('GET', '/dashboard/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.text).toContain('<svg');
    const legacy = await api.request('GET', '/favicon.ico');
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get('location')).toBe('/dashboard/favicon.svg');
  });

  it('does not shadow API routes, and refuses paths outside the build', async () => {
    expect((await api.request('GET', '/v1/nothing')).body.error.code).toBe('not_found');
    expect((await api.request('GET', '/dashboard/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await api.request('GET', '/dashboard/.hidden.js')).status).toBe(404);
    expect((await api.request('GET', '/dashboard/nope-ABCDEFGH.js')).status).toBe(404);
  });
});
