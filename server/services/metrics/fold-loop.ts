// The Node process folds answers into the hourly rollups every few seconds. Reads are exact whenever it runs
// (they add the answers after the watermark); folding often keeps that tail, and so every read, short.
import type { Database } from '../../../db/client';
import type { Clock } from '../../clock';
import { loggableError } from '../../log-redaction';
import type { Logger } from '../../logger';
import { foldAllRollups } from './fold';

export const DEFAULT_FOLD_INTERVAL_MS = 5_000;

export type FoldLoop = { stop: () => Promise<void> };

export function startFoldLoop(deps: { db: Database; clock: Clock; logger: Logger }, intervalMs = DEFAULT_FOLD_INTERVAL_MS): FoldLoop {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, intervalMs);
    });
  const running = (async () => {
    while (!stopped) {
      try {
        await foldAllRollups(deps.db, deps.clock.now());
      } catch (err) {
        deps.logger({ level: 'error', msg: 'rollup fold failed', error: loggableError(err) });
      }
      if (!stopped) await pause();
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}

/** KIZUNA_ROLLUP_FOLD_MS: the pause between folds; 0 turns the loop off (another process folds). */
export function foldIntervalFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_FOLD_INTERVAL_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`KIZUNA_ROLLUP_FOLD_MS must be a whole number of milliseconds, not "${value}"`);
  return ms;
}
