// The build's compressed forms: every file of dist/ gets a .br and a .gz beside it, which the Node server sends
// to clients that accept them (server/services/static/built-file.ts). Workers compress on their own, so
// dist/.assetsignore keeps these out of the uploaded assets.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const brotli = (bytes: Uint8Array) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
export const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 });

export function sizesOf(content: Uint8Array | string) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { raw: bytes.length, gzip: gzip(bytes).length, brotli: brotli(bytes).length };
}

/** Writes the file and its .br and .gz; the compressed ones last, so they are never older than the file. */
export function writeWithCompressed(path: string, content: Uint8Array | string): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  writeFileSync(path, bytes);
  writeFileSync(`${path}.br`, brotli(bytes));
  writeFileSync(`${path}.gz`, gzip(bytes));
}

/** dist/.assetsignore: the Worker's assets upload skips the compressed forms (the platform compresses). */
export function ignoreCompressedAssets(distDir: string): void {
  writeFileSync(resolve(distDir, '.assetsignore'), '*.br\n*.gz\n');
}
