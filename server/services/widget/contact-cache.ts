import type { ContactHistory } from './targeting';

/**
 * Each identified customer's contact history (last answer, last dismissal, dismissals per survey), kept per
 * process for `freshMs` so that a customer browsing several pages costs one statement, not one per page. An
 * answer or a dismissal stored through this process forgets the customer at once; one stored through another
 * process is seen within `freshMs` — the widget on the device that answered remembers the answer itself, so
 * the window only concerns another device, as with the key cache's 10 s for a revoked key.
 */
export type ContactCache = {
  get: (projectId: string, externalId: string, nowMs: number) => Map<string, ContactHistory> | undefined;
  set: (projectId: string, externalId: string, histories: Map<string, ContactHistory>, nowMs: number) => void;
  forget: (projectId: string, externalId: string) => void;
};

export function createContactCache(freshMs = 10_000, maxEntries = 20_000): ContactCache {
  const entries = new Map<string, { histories: Map<string, ContactHistory>; at: number }>();
  // A key no id can forge into another: the project id never holds a NUL, and stored ids never do either.
  const keyOf = (projectId: string, externalId: string) => `${projectId}\u0000${externalId}`;
  return {
    get(projectId, externalId, nowMs) {
      const key = keyOf(projectId, externalId);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowMs < entry.at || nowMs - entry.at >= freshMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.histories;
    },
    set(projectId, externalId, histories, nowMs) {
      if (freshMs <= 0) return;
      const key = keyOf(projectId, externalId);
      entries.delete(key);
      // Oldest first in a Map's order: the customers who browsed longest ago go first.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { histories, at: nowMs });
    },
    forget(projectId, externalId) {
      entries.delete(keyOf(projectId, externalId));
    },
  };
}
