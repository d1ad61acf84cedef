import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The built dashboard (npm run build:dashboard → dist/dashboard/), read from disk on Node. Files are kept in
// memory and re-read only when they change, so a rebuild is picked up without a restart.

export const dashboardBuildDir = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

export type DashboardFile = { body: Uint8Array; contentType: string; immutable: boolean };

// A Map: the extension comes from the request path, and "x.constructor" must find no type.
const types: ReadonlyMap<string, string> = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['svg', 'image/svg+xml'],
]);

const cache = new Map<string, { mtimeMs: number; size: number; file: DashboardFile }>();

/** A file of the build by its plain name (no directories), or null when it does not exist. */
export async function loadDashboardFile(name: string, dir = dashboardBuildDir): Promise<DashboardFile | null> {
  if (name !== basename(name) || name.startsWith('.')) return null;
  const extension = name.split('.').pop() ?? '';
  const contentType = types.get(extension);
  if (!contentType) return null;
  const path = resolve(dir, name);
  try {
    const info = await stat(path);
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.file;
    const file = { body: new Uint8Array(await readFile(path)), contentType, immutable: /-[A-Z0-9]{8}\.(js|css)$/.test(name) };
    cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, file });
    return file;
  } catch {
    return null;
  }
}
