import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// The built widget (npm run build:widget → dist/widget.js), read from disk
// on Node. Re-read only when the file changes, so a rebuild is picked up
// without a restart and every request does not hash the file again.

export const widgetBuildPath = fileURLToPath(new URL('../../../dist/widget.js', import.meta.url));

export type WidgetScript = { body: string; etag: string };

let cached: { mtimeMs: number; size: number; script: WidgetScript } | undefined;

export async function loadWidgetScript(path = widgetBuildPath): Promise<WidgetScript | null> {
  try {
    const info = await stat(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.script;
    const body = await readFile(path, 'utf8');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
    const etag = `"${Buffer.from(digest).toString('base64url').slice(0, 27)}"`;
    cached = { mtimeMs: info.mtimeMs, size: info.size, script: { body, etag } };
    return cached.script;
  } catch {
    return null;
  }
}
