// The Node process runs the dispatcher continuously: a short poll, woken at once when this process commits.
import { dispatchDueDeliveries, type DispatcherDeps } from './dispatcher';
import { loggableError } from '../log-redaction';
import { sweepExpiredDeliveries } from './retention';
import { onOutboxCommitted } from './wake';

/** How often the loop deletes finished deliveries past their retention (a few short batches each time). */
const SWEEP_EVERY_MS = 10 * 60_000;

export type DispatcherLoop = { stop: () => Promise<void> };

export function startDispatcherLoop(
  deps: DispatcherDeps,
  options: { intervalMs?: number; limit?: number; retentionDays?: number | null } = {},
): DispatcherLoop {
  const intervalMs = options.intervalMs ?? 250;
  const limit = options.limit ?? 100;
  let lastSweep = -Infinity;
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

  // The delivery log would grow with every event forever: finished deliveries past their retention go, now
  // and then, when the loop has nothing due.
  const sweepIfDue = async () => {
    const now = deps.clock.now().getTime();
    if (options.retentionDays === undefined || now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    await sweepExpiredDeliveries(deps, options.retentionDays);
  };

  const running = (async () => {
    while (!stopped) {
      woken = false;
      try {
        const { claimed } = await dispatchDueDeliveries(deps, { limit });
        if (claimed === limit) continue; // more is waiting: no pause
        await sweepIfDue();
      } catch (err) {
        deps.logger({ level: 'error', msg: 'webhook dispatch failed', error: loggableError(err) });
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
