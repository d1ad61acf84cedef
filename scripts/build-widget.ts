// Builds widget/ into one minified IIFE, dist/widget.js, served as /widget.js.
// `npm run build:widget` runs it; tests call buildWidget() in memory.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ignoreCompressedAssets, sizesOf, writeWithCompressed } from './compressed';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const widgetOutfile = resolve(root, 'dist/widget.js');

export async function buildWidget(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(root, 'widget/index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // Shadow DOM + constructable stylesheets already need Chrome 73 / Safari 16.4 / Firefox 101.
    target: ['es2022'],
    // Classic h() calls: the automatic runtime adds a wrapper we do not need.
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    // Not the project's tsconfig: its jsxImportSource made esbuild bundle preact/jsx-runtime (360 bytes) beside
    // the h() calls above, although nothing calls it.
    tsconfigRaw: { compilerOptions: { alwaysStrict: true } },
    legalComments: 'none',
    // Shortens property names that never leave this bundle: no API fields, nothing
    // persisted in localStorage, nothing Preact or the DOM also uses (e.g. unmount).
    mangleProps: /^(draftRef|onScore|onComment|onClose|labelledBy|onSelect|onPick|selected|done|onBrand|allows|submitComment|pick|root|timer|loadConfig)$/,
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export { sizesOf };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await buildWidget();
  mkdirSync(dirname(widgetOutfile), { recursive: true });
  writeWithCompressed(widgetOutfile, code);
  ignoreCompressedAssets(dirname(widgetOutfile));
  const s = sizesOf(code);
  console.log(`dist/widget.js: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli`);
}
