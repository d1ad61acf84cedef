import { post, type Api } from './api';
import { readJson, writeJson } from './storage';
import type { ResponseBody } from './types';

// Answers are written here before they are sent and removed only once the
// server has them. A score and its later comment share one idempotency key,
// so the pending entry is merged rather than duplicated, and a resend after
// a lost reply can never create a second response on the server.

interface Pending {
  body: ResponseBody;
  attempts: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** 4xx other than timeouts and rate limits will fail the same way again. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

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
  const removeSent = (sent: string) => change((list) => list.filter((p) => JSON.stringify(p.body) !== sent));

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
        memory = readJson<Pending[]>(storageKey, memory);
        for (const pending of memory.slice()) {
          const sent = JSON.stringify(pending.body);
          let status = 0;
          try {
            status = (await post(api, '/v1/responses', pending.body)).status;
          } catch {
            // offline, DNS, CORS or timeout: retried below
          }
          if (status === 422 && pending.body.person) {
            // A malformed identify() (bad email, nested traits) must not cost the answer itself.
            change((list) => list.map((p) => (JSON.stringify(p.body) === sent ? { ...p, body: { ...p.body, person: undefined } } : p)));
            again = true;
            continue;
          }
          if ((status >= 200 && status < 300) || isPermanent(status)) {
            removeSent(sent);
            if (memory.length) again = true;
            continue;
          }
          const attempts = pending.attempts + 1;
          change((list) => list.map((p) => (p.body.idempotencyKey === pending.body.idempotencyKey ? { ...p, attempts } : p)));
          const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);
          retryTimer = setTimeout(() => void flush(), delay);
          return;
        }
      } while (again);
    } finally {
      flushing = false;
    }
  }

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
