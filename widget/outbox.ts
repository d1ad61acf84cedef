import { call, type Api } from './api';
import { readJson, writeJson } from './storage';
import type { ResponseBody } from './types';

// Answers are written here before they are sent and removed only once the
// server has them. A score and its later comment share one idempotency key,
// so the pending entry is merged rather than duplicated, and a resend after
// a lost reply can never create a second response on the server.
// Each entry keeps its own retry schedule: one answer the server keeps
// failing on must never hold back the answers given after it.

interface Pending {
  body: ResponseBody;
  attempts: number;
  /** Epoch ms before which this entry is not retried; stored so a reload or another tab honours it. */
  at?: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** 4xx other than timeouts and rate limits will fail the same way again. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

const due = (p: Pending) => !(p.at! > Date.now());

/** The site's developer is the one who can fix what the server refuses: say why, in their console. */
async function warnRefused(res: Response, outcome: string) {
  const error = (await res.json().then((b) => b?.error, () => 0)) || {};
  console.warn(`Kizuna: answer ${outcome} (${res.status} ${error.code}: ${error.message})`, error.details);
}

export function createOutbox(api: Api, storageKey: string) {
  let memory: Pending[] = readJson<Pending[]>(storageKey, []);
  let flushing = false;
  let again = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Read-modify-write so two tabs of the same site do not erase each other's entries. */
  const change = (edit: (list: Pending[]) => Pending[]) => {
    const stored = readJson<Pending[] | null>(storageKey, null);
    memory = edit(stored ?? memory);
    writeJson(storageKey, memory);
  };

  /** Only the exact version that was sent: a comment merged in meanwhile must still go out. */
  const update = (sent: string, edit: (p: Pending) => Pending | undefined) =>
    change((list) => list.flatMap((p) => (JSON.stringify(p.body) === sent ? edit(p) || [] : p)));

  async function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    clearTimeout(retryTimer);
    try {
      do {
        again = false;
        for (const pending of (memory = readJson<Pending[]>(storageKey, memory)).filter(due)) {
          const sent = JSON.stringify(pending.body);
          let status = 0;
          try {
            const res = await call(api, '/v1/responses', pending.body);
            status = res.status;
            if (isPermanent(status)) await warnRefused(res, status === 422 && pending.body.person ? 'resent without person' : 'dropped');
          } catch {
            // offline, DNS, CORS or timeout: retried below
          }
          if (status === 422 && pending.body.person) {
            // A malformed identify() (bad email, nested traits) must not cost the answer itself.
            update(sent, (p) => ({ ...p, body: { ...p.body, person: undefined } }));
          } else if ((status >= 200 && status < 300) || isPermanent(status)) {
            update(sent, () => undefined);
          } else {
            // 5xx or no reply: this entry waits (jittered, so many tabs and visitors do not return at once).
            change((list) =>
              list.map((p) =>
                p.body.idempotencyKey === pending.body.idempotencyKey
                  ? { ...p, attempts: p.attempts + 1, at: Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** p.attempts * (1 + Math.random())) }
                  : p,
              ),
            );
          }
        }
        // Entries merged, changed or added while we were sending are due now.
      } while (again || memory.some(due));
      if (memory.length) retryTimer = setTimeout(flush, Math.min(...memory.map((p) => p.at!)) - Date.now());
    } finally {
      flushing = false;
    }
  }

  // Back online: whatever waited for the network may go now rather than at its back-off time.
  addEventListener('online', () => {
    change((list) => list.map((p) => ({ ...p, at: 0 })));
    void flush();
  });

  return {
    /** Store first, then send: the answer survives a crash, an offline phone or a closed tab. */
    send(body: ResponseBody): Promise<void> {
      change((list) => {
        const existing = list.find((p) => p.body.idempotencyKey === body.idempotencyKey);
        if (existing) {
          existing.body = { ...existing.body, ...body };
          return list;
        }
        return [...list, { body, attempts: 0 }];
      });
      return flush();
    },
    flush,
    pending: () => memory.length,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
