// The Worker serves /widget.js and the dashboard from its static assets, through the same app routes and
// with the same headers as the Node server. Worker target only (npm run test:worker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { onWorker } from '../support/target';

let api: TestApi;
beforeAll(async () => {
  if (onWorker) api = await startTestApi();
});
afterAll(() => api?.close());

describe.runIf(onWorker)('static assets on the Worker', () => {
  it('serves /widget.js for embedding on other sites, with an ETag that revalidates', async () => {
    const res = await api.request('GET', '/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toContain('max-age=300');
    expect(res.text.length).toBeGreaterThan(1000);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await api.request('GET', '/widget.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('has the runtime compress /widget.js and the dashboard for browsers that accept it', async () => {
    const plain = await api.request('GET', '/widget.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await api.request('GET', '/widget.js', { headers: { 'accept-encoding': accept } });
      // workerd encodes what the app marks; behind `wrangler dev` its proxy may re-encode Brotli as gzip.
      expect(res.headers.get('content-encoding'), accept).toMatch(expected === 'br' ? /^(br|gzip)$/ : /^gzip$/);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.text).toBe(plain.text); // fetch decodes it
    }
    const page = await api.request('GET', '/overview', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.text).toMatch(/\/dashboard\/app-[A-Z0-9]{8}\.js/);
  });

  it('serves dashboard pages as the SPA with its content security policy', async () => {
    for (const page of ['/', '/overview', '/people/per_123']) {
      const res = await api.request('GET', page);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(res.text).toMatch(/\/dashboard\/app-[A-Z0-9]{8}\.js/);
    }
  });

  it('serves the hashed dashboard bundle as immutable', async () => {
    const page = await api.request('GET', '/overview');
    const script = /\/dashboard\/app-[A-Z0-9]{8}\.js/.exec(page.text)![0];
    const res = await api.request('GET', script);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing else from the assets folder, and no path outside it', async () => {
    for (const path of ['/dashboard/missing.js', '/dashboard/..%2Fwidget.js', '/dashboard/.hidden.js', '/dashboard/widget.js.br']) {
      const res = await api.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    // An address a browser might type gets the dashboard's own 404 page, never the file.
    const config = await api.request('GET', '/wrangler.toml');
    expect(config.status).toBe(404);
    expect(config.headers.get('content-type')).toContain('text/html');
    expect(config.text).not.toContain('hyperdrive');
  });
});
