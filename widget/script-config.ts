import type { Api } from './api';

/**
 * Configuration comes from the widget's own <script> tag: data-key is the
 * publishable key, and the API lives where the script came from unless
 * data-api says otherwise. Must run while the script executes
 * (document.currentScript is null afterwards).
 */
export function readScriptConfig(): Api | null {
  const script =
    (document.currentScript as HTMLScriptElement | null) ||
    document.querySelector<HTMLScriptElement>('script[data-key][src*="widget"]');
  const key = script?.getAttribute('data-key');
  if (!script || !key) return null;
  const base = script.getAttribute('data-api') || new URL(script.src, location.href).origin;
  return { key, base: base.replace(/\/+$/, '') };
}
