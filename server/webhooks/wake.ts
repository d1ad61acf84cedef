// In-process nudge: code that has just committed outbox rows calls outboxCommitted(), and a dispatcher loop
// in the same process starts at once instead of at its next poll. Other processes still find the rows by
// polling, so a lost nudge only costs one poll interval.
type Listener = () => void;
const listeners = new Set<Listener>();

export function outboxCommitted(): void {
  for (const listener of listeners) listener();
}

export function onOutboxCommitted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
