import type { AuthContext } from './context';

type ProjectAuth = Exclude<AuthContext, { kind: 'admin' }>;

/**
 * Remembers resolved API keys for a few seconds, so the ingest path does not pay a database round trip per
 * request for the same key. Revoking a key or changing a project's allowed origins evicts it in this
 * process at once; other processes see the change when their entry expires (ttlMs, default 10 s).
 */
export type KeyCache = {
  get: (key: string, now: number) => ProjectAuth | undefined;
  set: (key: string, auth: ProjectAuth, now: number) => void;
  evictProject: (projectId: string) => void;
};

export function createKeyCache(ttlMs = 10_000, maxEntries = 10_000): KeyCache {
  const entries = new Map<string, { auth: ProjectAuth; expires: number }>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.auth;
    },
    set(key, auth, now) {
      if (ttlMs <= 0) return;
      if (entries.size >= maxEntries) entries.clear(); // bounded; a burst of distinct keys only costs lookups
      entries.set(key, { auth, expires: now + ttlMs });
    },
    evictProject(projectId) {
      for (const [key, entry] of entries) if (entry.auth.projectId === projectId) entries.delete(key);
    },
  };
}
