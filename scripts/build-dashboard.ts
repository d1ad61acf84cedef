// Builds dashboard/ into dist/dashboard/: index.html, app-<hash>.js, app-<hash>.css, and the survey preview
// frame (preview.html + preview-<hash>.js), and favicon.svg. `npm run build:dashboard` runs it; tests call buildDashboard().
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ignoreCompressedAssets, sizesOf, writeWithCompressed } from './compressed';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const dashboardOutdir = resolve(root, 'dist/dashboard');

const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  charset: 'utf8',
  define: { 'process.env.NODE_ENV': '"production"' },
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  write: false,
  logLevel: 'silent',
};

export type DashboardBuild = { files: Map<string, Uint8Array>; appJs: string; appCss: string | null };

export async function buildDashboard(): Promise<DashboardBuild> {
  const result = await build({
    ...common,
    entryPoints: { app: resolve(root, 'dashboard/main.tsx'), preview: resolve(root, 'dashboard/preview/frame.ts') },
    outdir: dashboardOutdir,
    splitting: false,
  });
  const files = new Map<string, Uint8Array>();
  let appJs = '';
  let appCss: string | null = null;
  let previewJs = '';
  for (const out of result.outputFiles ?? []) {
    const name = out.path.slice(dashboardOutdir.length + 1);
    files.set(name, out.contents);
    if (name.startsWith('app-') && name.endsWith('.js')) appJs = name;
    if (name.startsWith('app-') && name.endsWith('.css')) appCss = name;
    if (name.startsWith('preview-') && name.endsWith('.js')) previewJs = name;
  }
  const template = readFileSync(resolve(root, 'dashboard/index.html'), 'utf8');
  const html = template
    .replace('<!--styles-->', appCss ? `<link rel="stylesheet" href="/dashboard/${appCss}">` : '')
    .replace('<!--script-->', `<script type="module" src="/dashboard/${appJs}"></script>`);
  files.set('index.html', new TextEncoder().encode(html));
  const preview = readFileSync(resolve(root, 'dashboard/preview/frame.html'), 'utf8').replace(
    '<!--script-->',
    `<script type="module" src="/dashboard/${previewJs}"></script>`,
  );
  files.set('preview.html', new TextEncoder().encode(preview));
  files.set('favicon.svg', readFileSync(resolve(root, 'dashboard/favicon.svg')));
  return { files, appJs, appCss };
}

export { sizesOf };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, appJs, appCss } = await buildDashboard();
  rmSync(dashboardOutdir, { recursive: true, force: true });
  mkdirSync(dashboardOutdir, { recursive: true });
  for (const [name, bytes] of files) writeWithCompressed(resolve(dashboardOutdir, name), bytes);
  ignoreCompressedAssets(dirname(dashboardOutdir));
  const js = sizesOf(files.get(appJs)!);
  console.log(`dist/dashboard/${appJs}: ${js.raw} B raw, ${js.gzip} B gzip, ${js.brotli} B brotli`);
  if (appCss) {
    const css = sizesOf(files.get(appCss)!);
    console.log(`dist/dashboard/${appCss}: ${css.raw} B raw, ${css.gzip} B gzip, ${css.brotli} B brotli`);
  }
}
