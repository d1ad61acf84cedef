import { describe, expect, it } from 'vitest';
import { buildDashboard, sizesOf } from '../../scripts/build-dashboard';

// The budget: the dashboard's JavaScript, uPlot included, at most 100 KB gzipped. Sizes are
// deterministic for a given source, so this is a real check, not a timing.
const BUDGET_GZIP_BYTES = 100 * 1024;

describe('dashboard bundle', () => {
  it('stays within 100 KB of gzipped JavaScript, uPlot and Preact included', async () => {
    const { files, appJs } = await buildDashboard();
    const js = sizesOf(files.get(appJs)!);
    expect(js.gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  }, 60_000);

  it('builds the page, its hashed assets and the preview frame', async () => {
    const { files, appJs, appCss } = await buildDashboard();
    const html = new TextDecoder().decode(files.get('index.html'));
    expect(html).toContain(`<script type="module" src="/dashboard/${appJs}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/dashboard/${appCss}">`);
    expect(appJs).toMatch(/^app-[A-Z0-9]{8}\.js$/);
    expect(new TextDecoder().decode(files.get('preview.html'))).toMatch(/<script type="module" src="\/dashboard\/preview-[A-Z0-9]{8}\.js">/);
  }, 60_000);
});
