// The survey editor's live preview: this page runs inside an iframe of the dashboard and loads the real
// /widget.js. The draft survey arrives in the URL fragment; the widget's calls are answered here, so the
// preview shows unsaved edits and an answer given in the preview is never stored.

import { WIDGET_LABELS } from '../../server/services/widget/labels';

type Draft = { survey: Record<string, unknown> & { id: string }; locale: 'en' | 'ja' };

function readDraft(): Draft | null {
  try {
    const json = decodeURIComponent(escape(atob(location.hash.slice(1).replace(/-/g, '+').replace(/_/g, '/'))));
    return JSON.parse(json) as Draft;
  } catch {
    return null;
  }
}

const draft = readDraft();
if (draft) {
  document.documentElement.lang = draft.locale;
  document.body.style.cssText = 'margin:0;min-height:100vh;background:#eef0f4;font:14px system-ui,sans-serif;color:#5b6270';
  const realFetch = window.fetch.bind(window);
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/v1/widget/surveys')) {
      // The draft as the one live survey, shown on this page whatever its URL rules and sample say.
      const targeting = { ...(draft.survey.targeting as object), urlInclude: [], urlExclude: [], sampleRate: 1 };
      return Promise.resolve(json({ labels: WIDGET_LABELS, surveys: [{ ...draft.survey, targeting }] }));
    }
    if (url.includes('/v1/responses') || url.includes('/v1/widget/dismiss')) return Promise.resolve(json({}, 201));
    return realFetch(input, init);
  };
  // A fresh browser each time, of its own: the widget's memory of earlier preview answers must not hide the
  // survey, and this frame shares its origin (so its real localStorage) with the dashboard, whose keys
  // (kizuna.project, kizuna.locale) it must never read or clear. The widget gets a storage that lives and
  // dies with this frame.
  Object.defineProperty(window, 'localStorage', { value: memoryStorage(), configurable: true });
  type Queue = ((...args: unknown[]) => void) & { q?: unknown[][] };
  const w = window as unknown as { Kizuna?: Queue };
  const stub: Queue = (...args: unknown[]) => (stub.q = stub.q || []).push(args);
  w.Kizuna = stub;
  stub('identify', { locale: draft.locale });
  stub('show', draft.survey.id, { force: true });
  const script = document.createElement('script');
  script.src = '/widget.js';
  script.async = true;
  script.dataset.key = 'pk_preview';
  script.dataset.api = location.origin;
  document.head.append(script);
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(String(key)) ?? null,
    setItem: (key, value) => void items.set(String(key), String(value)),
    removeItem: (key) => void items.delete(String(key)),
    clear: () => items.clear(),
  };
}
