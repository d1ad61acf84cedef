import { useState } from 'preact/hooks';
import { useBusy } from './use-busy';

/**
 * A change made from a page. `run(change, form?)` clears the last error, awaits the change, then resets
 * the form and calls `after` (reload what the change touched). A failure is kept in `error` for the page to
 * show next to the form, never thrown: the user's input stays where it was. While a change runs, `pending`
 * is true and further runs are ignored, so the page disables its buttons and a double-click changes once.
 */
export function useAction(after: () => void) {
  const [error, setError] = useState<string | null>(null);
  const { busy: pending, guard } = useBusy();
  const run = guard(async (change: () => Promise<unknown>, form?: HTMLFormElement) => {
    setError(null);
    try {
      await change();
      form?.reset();
      after();
    } catch (err) {
      setError((err as Error).message);
    }
  });
  return { error, run, pending };
}
