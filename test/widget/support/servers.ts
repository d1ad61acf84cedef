// Two loopback servers on different ports, so the widget runs cross-origin as on a customer's site:
// the Kizuna API (the in-process test app, served over HTTP) and a host site whose pages tests define.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { buildWidget, widgetOutfile } from '../../../scripts/build-widget';
import type { TestApi } from '../../support/api';

const listen = (server: Server) =>
  new Promise<string>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Builds dist/widget.js (what GET /widget.js serves); written atomically since other test files may build too. */
export async function buildWidgetFile(): Promise<void> {
  const code = await buildWidget();
  await mkdir(dirname(widgetOutfile), { recursive: true });
  const tmp = `${widgetOutfile}.${process.pid}.tmp`;
  await writeFile(tmp, code);
  await rename(tmp, widgetOutfile);
}

export async function serveApi(api: TestApi) {
  const server = createAdaptorServer({ fetch: api.fetch }) as Server;
  const origin = await listen(server);
  return { origin, close: () => closeServer(server) };
}

export type HostPage = { html: string; headers?: Record<string, string> };

/** The customer's site. Pages are registered by path; anything else is a 404. */
export async function serveHostSite() {
  const pages = new Map<string, HostPage>();
  const server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      // A 404 for /favicon.ico would show up as console noise, which the tests check for.
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers });
    res.end(page.html);
  });
  const origin = await listen(server);
  return {
    origin,
    page(path: string, page: HostPage) {
      pages.set(path, page);
      return origin + path;
    },
    close: () => closeServer(server),
  };
}

export const NONCE = 'host-page-nonce-1';

/** A plausible product page with the documented embed snippet. `setup` runs after the stub, before the script loads. */
export function hostPageHtml(opts: { apiOrigin: string; key: string; setup?: string; lang?: string; extraHead?: string; title?: string }) {
  return `<!doctype html>
<html lang="${opts.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title ?? 'Acme Analytics'}</title>
${opts.extraHead ?? ''}
<script async src="${opts.apiOrigin}/widget.js" data-key="${opts.key}"></script>
<script nonce="${NONCE}">
  window.Kizuna = window.Kizuna || function () { (Kizuna.q = Kizuna.q || []).push(arguments) };
  window.kizunaEvents = [];
  window.kizunaDecisions = [];
  ['shown', 'answered', 'dismissed'].forEach(function (name) {
    Kizuna('on', name, function (detail) { kizunaEvents.push({ name: name, detail: detail, at: performance.now() }) });
  });
  Kizuna('on', 'ready', function (detail) { kizunaDecisions.push(detail) });
  ${opts.setup ?? ''}
</script>
</head>
<body>
<header><strong>Acme Analytics</strong> <nav><a href="#">Dashboards</a> · <a href="#">Reports</a> · <a href="#">Settings</a></nav></header>
<main>
<h1>Weekly report</h1>
<h2>Active users</h2>
<p>12,480 people used Acme this week, 8% more than last week. Sessions grew in every region, with the largest gains in Japan and Germany.</p>
<p><button type="button" id="host-button">Export CSV</button> <input id="host-input" placeholder="Search reports"></p>
</main>
</body>
</html>`;
}
