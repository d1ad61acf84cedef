import { fileURLToPath } from 'node:url';
import type { StaticFile } from '../../routes/static-file';
import { readBuiltFile } from '../static/built-file';

// The built widget (npm run build:widget → dist/widget.js, .br, .gz), read from disk on Node.
export const widgetBuildPath = fileURLToPath(new URL('../../../dist/widget.js', import.meta.url));

export async function loadWidgetScript(path = widgetBuildPath): Promise<StaticFile | null> {
  return readBuiltFile(path);
}
