// What goes over the wire from the Node server: the widget and the dashboard's files precompressed by the
// build (Brotli or gzip, by Accept-Encoding, with an ETag per encoding), and JSON replies of 1 KB or more
// compressed on the way out (issue 18).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compressJsonReplies } from '../../server/node-compress';
import { buildWidgetFile } from './support/servers';
import { startTestApi, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';

let api: TestApi;
beforeAll(async () => {
  await buildWidgetFile();
  api = await startTestApi();
});
afterAll(() => api.close());

const get = (fetch: (r: Request) => Promise<Response>, path: string, headers: Record<string, string> = {}) =>
  fetch(new Request(new URL(path, 'http://localhost'), { headers }));
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const decode = (encoding: string | null, body: Uint8Array) =>
  new TextDecoder().decode(encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);

describeInProcess('compression on the Node server', () => {
  it('sends /widget.js in the encoding the browser prefers, within the 10 KB budget, with its own ETag', async () => {
    const plain = await get(api.fetch, '/widget.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const source = decode(null, await bytes(plain));

    const seen = new Set<string>([plain.headers.get('etag')!]);
    for (const [accept, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', null],
      ['br;q=0, gzip;q=0', null],
    ] as const) {
      const res = await get(api.fetch, '/widget.js', { 'accept-encoding': accept });
      expect(res.headers.get('content-encoding'), accept).toBe(expected);
      const body = await bytes(res);
      expect(decode(expected, body), accept).toBe(source);
      if (expected) {
        expect(body.length, accept).toBeLessThanOrEqual(10_240);
        seen.add(res.headers.get('etag')!);
        // Revalidating with this encoding's ETag: a 304 without a body.
        const again = await get(api.fetch, '/widget.js', { 'accept-encoding': accept, 'if-none-match': res.headers.get('etag')! });
        expect(again.status).toBe(304);
        expect(again.headers.get('content-encoding')).toBeNull();
      }
    }
    expect(seen.size).toBe(3); // identity, br and gzip bytes differ, and so do their ETags
  });

  it('sends the dashboard compressed: its scripts within 100 KB on the wire', async () => {
    const page = await get(api.fetch, '/overview', { 'accept-encoding': 'br' });
    expect(page.headers.get('content-encoding')).toBe('br');
    const html = decode('br', await bytes(page));
    const scripts = [...html.matchAll(/\/dashboard\/[\w-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    let onTheWire = 0;
    for (const path of scripts) {
      const res = await get(api.fetch, path, { 'accept-encoding': 'gzip, br' });
      expect(res.headers.get('content-encoding'), path).toBe('br');
      expect(res.headers.get('cache-control'), path).toContain('immutable');
      if (path.endsWith('.js')) onTheWire += (await bytes(res)).length;
    }
    expect(onTheWire).toBeLessThanOrEqual(100 * 1024);
  });

  it('compresses JSON replies of 1 KB or more, and leaves small ones and other types alone', async () => {
    const fetch = compressJsonReplies(api.fetch);
    const project = await api.createProject('Compression');
    for (let i = 0; i < 10; i++) await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: `Survey number ${i}` } });
    const big = await get(fetch, '/v1/surveys?limit=10', { authorization: `Bearer ${project.secretKey}`, 'accept-encoding': 'gzip' });
    expect(big.status).toBe(200);
    expect(big.headers.get('content-encoding')).toBe('gzip');
    expect(big.headers.get('vary')).toContain('Accept-Encoding');
    const body = await bytes(big);
    const json = JSON.parse(decode('gzip', body));
    expect(json.data).toHaveLength(10);
    expect(body.length).toBeLessThan(new TextEncoder().encode(JSON.stringify(json)).length / 2);

    const small = await get(fetch, '/healthz', { 'accept-encoding': 'gzip, br' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toBeTruthy();
    // Without Accept-Encoding the reply is the plain JSON.
    const plain = await get(fetch, '/v1/surveys?limit=10', { authorization: `Bearer ${project.secretKey}` });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.json()).data).toHaveLength(10);
  });
});
