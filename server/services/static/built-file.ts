// Node only: a file of the build read from disk with its compressed forms, kept in memory and re-read only when
// it changes (a rebuild is picked up without a restart, within a second). The build writes <file>.br and <file>.gz next to each
// file; a compressed file older than its source (a test rebuilt only the script) is not trusted, and the forms
// are made here instead, once.
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { StaticEncoding, StaticFile } from '../../routes/static-file';

const compressors: Record<StaticEncoding, (bytes: Uint8Array) => Promise<Uint8Array>> = {
  br: (bytes) => promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (bytes) => promisify(gzip)(bytes, { level: 9 }),
};
const SUFFIX: Record<StaticEncoding, string> = { br: '.br', gzip: '.gz' };

// A revalidated page view (a 304) is the cheapest request there is: the file on disk is looked at again at
// most once a second, not on every request (a rebuild is still picked up within that second).
const RECHECK_MS = 1_000;
type Held = { mtimeMs: number; size: number; checkedAt: number; file: Promise<StaticFile> };
const cache = new Map<string, Held>();

/** The file with its ETag (a hash of its content) and .br/.gz forms, or null when it does not exist. */
export async function readBuiltFile(path: string): Promise<StaticFile | null> {
  const now = performance.now();
  const hit = cache.get(path);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.file;
  let info;
  try {
    info = await stat(path);
  } catch {
    cache.delete(path);
    return null;
  }
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) {
    hit.checkedAt = now;
    return hit.file;
  }
  const file = load(path, info.mtimeMs);
  cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, checkedAt: now, file });
  file.catch(() => cache.delete(path));
  return file;
}

async function load(path: string, sourceMtimeMs: number): Promise<StaticFile> {
  const body = new Uint8Array(await readFile(path));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const etag = `"${Buffer.from(digest).toString('base64url').slice(0, 27)}"`;
  const encoded: Partial<Record<StaticEncoding, Uint8Array>> = {};
  for (const encoding of Object.keys(SUFFIX) as StaticEncoding[]) {
    encoded[encoding] = (await readFresh(path + SUFFIX[encoding], sourceMtimeMs)) ?? (await compressors[encoding](body));
  }
  return { body, etag, encoded };
}

async function readFresh(path: string, sourceMtimeMs: number): Promise<Uint8Array | null> {
  try {
    if ((await stat(path)).mtimeMs < sourceMtimeMs) return null;
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
}
