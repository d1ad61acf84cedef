import type { ContactHistory } from './targeting';

/** Per survey id, one customer's contact history. */
export type Histories = Map<string, ContactHistory>;

/** Reads the histories of several customers of one project in one statement, by the customer's id. */
export type ReadHistories = (externalIds: string[]) => Promise<Map<string, Histories>>;

/**
 * Each identified customer's contact history (last answer, last dismissal, dismissals per survey), kept per
 * process for `freshMs` so that a customer browsing several pages costs one statement, not one per page. An
 * answer or a dismissal stored through this process forgets the customer at once; one stored through another
 * process is seen within `freshMs` — the widget on the device that answered remembers the answer itself, so
 * the window only concerns another device, as with the key cache's 10 s for a revoked key.
 *
 * Customers not held are read in batches: every first page view of a project that arrives while the event
 * loop handles the same round of sockets shares one statement (the reader of the first, keyed by its
 * database handle so a Worker's per-request connection is never borrowed by another request). On a busy
 * site this turns one round trip per new customer into one per round of the loop.
 */
export type ContactCache = {
  get: (projectId: string, externalId: string, nowMs: number) => Histories | undefined;
  set: (projectId: string, externalId: string, histories: Histories, nowMs: number) => void;
  forget: (projectId: string, externalId: string) => void;
  /** The held histories, or read (batched with other customers' reads over the same database) and held. */
  read: (handle: object, projectId: string, externalId: string, nowMs: number, readMany: ReadHistories) => Promise<Histories>;
};

/** At most this many customers per statement. */
const MAX_BATCH = 200;

type Batch = { readMany: ReadHistories; waiting: Map<string, Array<{ resolve: (h: Histories) => void; reject: (e: unknown) => void }>> };

/** Runs `fn` after the sockets that are ready now have been handled (Node's check phase); a timer elsewhere. */
const afterThisRound: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

export function createContactCache(freshMs = 10_000, maxEntries = 20_000): ContactCache {
  const entries = new Map<string, { histories: Histories; at: number }>();
  const batches = new WeakMap<object, Map<string, Batch>>();
  // Bumped by every forget: a read that started before one may carry the state from before an answer, so it
  // answers its own request but is not held.
  let forgets = 0;
  // A key no id can forge into another: the project id never holds a NUL, and stored ids never do either.
  const keyOf = (projectId: string, externalId: string) => `${projectId}\u0000${externalId}`;

  const cache: ContactCache = {
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
      forgets++;
      entries.delete(keyOf(projectId, externalId));
    },
    read(handle, projectId, externalId, nowMs, readMany) {
      const held = cache.get(projectId, externalId, nowMs);
      if (held) return Promise.resolve(held);
      let byProject = batches.get(handle);
      if (!byProject) batches.set(handle, (byProject = new Map()));
      let batch = byProject.get(projectId);
      // A full batch is left to its flush; the next customer starts another.
      if (!batch || batch.waiting.size >= MAX_BATCH) {
        const started: Batch = { readMany, waiting: new Map() };
        byProject.set(projectId, (batch = started));
        afterThisRound(() => {
          if (byProject!.get(projectId) === started) byProject!.delete(projectId);
          void flush(projectId, started, nowMs);
        });
      }
      const waiting = batch.waiting;
      return new Promise<Histories>((resolve, reject) => {
        const list = waiting.get(externalId);
        if (list) list.push({ resolve, reject });
        else waiting.set(externalId, [{ resolve, reject }]);
      });
    },
  };

  async function flush(projectId: string, batch: Batch, nowMs: number) {
    const forgetsBefore = forgets;
    const ids = [...batch.waiting.keys()];
    let read: Map<string, Histories>;
    try {
      read = await batch.readMany(ids);
    } catch (error) {
      for (const list of batch.waiting.values()) for (const waiter of list) waiter.reject(error);
      return;
    }
    for (const [externalId, list] of batch.waiting) {
      const histories = read.get(externalId) ?? new Map<string, ContactHistory>();
      if (forgets === forgetsBefore) cache.set(projectId, externalId, histories, nowMs);
      for (const waiter of list) waiter.resolve(histories);
    }
  }

  return cache;
}
