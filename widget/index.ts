import { createKizuna, type Kizuna } from './controller';
import { readScriptConfig } from './script-config';

// Entry of /widget.js. The embed snippet may already have defined
// window.Kizuna as a stub that queues calls in Kizuna.q; those calls are
// replayed in order once the real API is in place, so nothing is lost.

type Command = keyof Omit<Kizuna, 'start'>;
type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] } & Partial<Kizuna>;

(() => {
  try {
    const w = window as unknown as { Kizuna?: Stub };
    if (w.Kizuna && w.Kizuna.identify) return; // loaded twice: the first copy stays in charge
    const api = readScriptConfig();
    if (!api) return;
    const kizuna = createKizuna(api, performance.now());
    const queued = (w.Kizuna && w.Kizuna.q) || [];
    const call = (name: unknown, ...args: unknown[]) => {
      const fn = name !== 'start' && kizuna[name as Command];
      if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...args);
    };
    const publicApi: Stub = Object.assign(call, {
      identify: kizuna.identify,
      show: kizuna.show,
      on: kizuna.on,
      reset: kizuna.reset,
    });
    w.Kizuna = publicApi;
    for (const args of Array.from(queued)) call(...(Array.from(args) as [unknown, ...unknown[]]));
    kizuna.start();
  } catch {
    // A broken widget must stay invisible, never break the page.
  }
})();
