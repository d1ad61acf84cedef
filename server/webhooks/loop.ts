// The Node process runs the dispatcher continuously: a short poll, woken at once when this process commits.
import { dispatchDueDeliveries, type DispatcherDeps } from './dispatcher';
import { onOutboxCommitted } from './wake';

export type DispatcherLoop = { stop: () => Promise<void> };

export function startDispatcherLoop(deps: DispatcherDeps, options: { intervalMs?: number; limit?: number } = {}): DispatcherLoop {
  const intervalMs = options.intervalMs ?? 250;
  const limit = options.limit ?? 100;
  let stopped = false;
  let wake: (() => void) | null = null;
  let woken = false;
  const unsubscribe = onOutboxCommitted(() => {
    woken = true;
    wake?.();
  });

  const pause = () =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(done, intervalMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const running = (async () => {
    while (!stopped) {
      woken = false;
      try {
        const { claimed } = await dispatchDueDeliveries(deps, { limit });
        if (claimed === limit) continue; // more is waiting: no pause
      } catch (err) {
        deps.logger({ level: 'error', msg: 'webhook dispatch failed', error: err instanceof Error ? err.message : String(err) });
      }
      await pause();
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      unsubscribe();
      wake?.();
      await running;
    },
  };
}
