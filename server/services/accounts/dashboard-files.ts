import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticFile } from '../../routes/static-file';
import { readBuiltFile } from '../static/built-file';

// The built dashboard (npm run build:dashboard → dist/dashboard/, each file with its .br and .gz), read from
// disk on Node through readBuiltFile (kept in memory, re-read when it changes).

export const dashboardBuildDir = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

export type DashboardFile = { file: StaticFile; contentType: string; immutable: boolean };

// A Map: the extension comes from the request path, and "x.constructor" must find no type.
const types: ReadonlyMap<string, string> = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['svg', 'image/svg+xml'],
]);

/** A file of the build by its plain name (no directories), or null when it does not exist. */
export async function loadDashboardFile(name: string, dir = dashboardBuildDir): Promise<DashboardFile | null> {
  if (name !== basename(name) || name.startsWith('.')) return null;
  const extension = name.split('.').pop() ?? '';
  const contentType = types.get(extension);
  if (!contentType) return null;
  const file = await readBuiltFile(resolve(dir, name));
  return file && { file, contentType, immutable: /-[A-Z0-9]{8}\.(js|css)$/.test(name) };
}
